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

/// <summary>
/// For tests of what happens without a CUDA driver: skipped where libcuda.so.1 loads (a machine with an NVIDIA
/// driver), since the loader's search by name would then find it.
/// </summary>
public sealed class NoCudaDriverFactAttribute : FactAttribute
{
    public NoCudaDriverFactAttribute()
    {
        if (CudaMachine.DriverLoads)
            Skip = "libcuda.so.1 loads on this machine";
    }
}

/// <summary>For tests that need a usable GPU: skipped unless the CUDA driver loads, initialises and sees a device.</summary>
public sealed class GpuFactAttribute : FactAttribute
{
    public GpuFactAttribute()
    {
        if (CudaMachine.GpuProblem is { } problem)
            Skip = $"no usable GPU: {problem}";
    }
}
