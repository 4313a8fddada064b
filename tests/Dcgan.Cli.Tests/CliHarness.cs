namespace Dcgan.Cli.Tests;

/// <summary>Runs dcgan-cli in-process and captures what it prints. Console is process-wide, so tests using it share one collection.</summary>
internal static class CliHarness
{
    private static readonly Lock s_console = new();

    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        lock (s_console)
        {
            var (oldOut, oldError) = (Console.Out, Console.Error);
            var (output, error) = (new StringWriter(), new StringWriter());
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                int code = DcganApp.Run(args);
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}
