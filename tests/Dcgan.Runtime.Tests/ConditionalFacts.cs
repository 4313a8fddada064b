namespace Dcgan.Runtime.Tests;

/// <summary>
/// xunit 2 has no runtime skip, so these set Skip when what the test needs is truly
/// absent; the runner then reports them as skipped rather than silently passing.
/// </summary>
public sealed class ParityFactAttribute : FactAttribute
{
    public ParityFactAttribute()
    {
        if (ParityFixtures.Directory is null)
            Skip = "shared/parity not found above the test binaries";
    }
}

public sealed class NpmFactAttribute : FactAttribute
{
    public NpmFactAttribute()
    {
        if (!OnPath("npm"))
            Skip = "npm is not on the PATH";
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)) || File.Exists(Path.Combine(dir, program + ".cmd")));
}
