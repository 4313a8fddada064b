using System.Diagnostics;
using System.Text;

namespace Dcgan.Tests.Shared;

/// <summary>What one dcgan-cli process did: its exit code, its output, and whether the test killed it.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error, bool Killed);

/// <summary>
/// dcgan-cli in a process of its own (the dcgan-cli.dll beside the test binaries, run by the same dotnet host), with an
/// environment of the test's choosing: the JIT's instruction-set switches, a stand-in library directory, a fault to
/// inject. In-process runs cannot change what the JIT compiled for this process.
/// </summary>
public static class CliProcess
{
    /// <param name="environment">Variables to set (a null value removes the variable).</param>
    /// <param name="onLine">Called with every line of standard output as it arrives; returning true kills the process tree.</param>
    public static CliResult Run(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, Func<string, bool>? onLine = null)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dcgan-cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (environment is not null)
            foreach (var (name, value) in environment)
            {
                if (value is null) start.Environment.Remove(name);
                else start.Environment[name] = value;
            }
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        bool killed = false;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        // Standard output is read on this thread, line by line, so onLine sees each line before the next is read.
        while (process.StandardOutput.ReadLine() is { } line)
        {
            output.AppendLine(line);
            if (!killed && onLine is not null && onLine(line))
            {
                killed = true;
                process.Kill(entireProcessTree: true);
            }
        }
        process.WaitForExit();
        lock (error) return new CliResult(process.ExitCode, output.ToString(), error.ToString(), killed);
    }
}
