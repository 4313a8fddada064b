using System.CommandLine;
using Dcgan.Runtime;

namespace Dcgan.App;

/// <summary>
/// Parses, runs, and turns failures into exit codes: a mistake in the command line is one line
/// and exit 2, a problem the user can fix (a bad file, a missing dataset) one line and exit 1.
/// Anything else is a bug in dcgan and keeps its stack trace.
/// </summary>
public static class CliRunner
{
    public const int Ok = 0, Failed = 1, BadUsage = 2, Interrupted = 130;

    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line, like every other refusal, so scripts and logs get the whole reason in one place.
            string errors = string.Join("; ", parsed.Errors.Select(error => error.Message.TrimEnd('.')));
            Console.Error.WriteLine($"dcgan-cli: {errors} (dcgan-cli --help lists the commands and their options)");
            return BadUsage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"dcgan-cli: {e.Message}");
            return BadUsage;
        }
        catch (DcganException e)
        {
            Console.Error.WriteLine($"dcgan-cli: {e.Message}");
            return Failed;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"dcgan-cli: {e.Message}");
            return Failed;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"dcgan-cli: {e.Message}");
            return Failed;
        }
    }
}

/// <summary>A flag with a value no run can use: reported as one line, exit code 2.</summary>
public sealed class UsageException(string message) : DcganException(message)
{
    /// <summary>Throws a UsageException with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string message)
    {
        if (!condition) throw new UsageException(message);
    }

    /// <summary>Refuses <paramref name="flag"/>'s value unless it is absent or lies in <paramref name="range"/> (<see cref="HyperparameterRanges"/>).</summary>
    public static void RequireIn(HyperparameterRange range, string flag, float? value)
        => Require(value is null || range.Contains(value.Value), $"{flag} must be {range}, got {value}");

    /// <inheritdoc cref="RequireIn(HyperparameterRange, string, float?)"/>
    public static void RequireIn(HyperparameterRange range, string flag, long value)
        => Require(range.Contains(value), $"{flag} must be {range}, got {value}");
}
