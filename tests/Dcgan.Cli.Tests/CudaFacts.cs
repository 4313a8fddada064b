using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Cli.Tests;

/// <summary>
/// For tests of what dcgan-cli says on a machine with no CUDA at all: skipped where the driver or any CUDA library
/// loads, since a library once loaded stays loaded in the test process and changes what later runs report.
/// </summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_found = new(() =>
        CudaLibrary.All.Select(CudaLibraries.Load).FirstOrDefault(result => result.IsLoaded)?.LoadedFrom);

    public NoCudaFactAttribute()
    {
        if (s_found.Value is { } found)
            Skip = $"this machine has CUDA ({found} loads)";
    }
}

/// <summary>For tests that need a usable GPU: skipped, saying why, unless the driver loads, initialises and sees one.</summary>
public sealed class GpuFactAttribute : FactAttribute
{
    private static readonly Lazy<GpuProbe> s_probe = new(GpuProbe.Run);

    public GpuFactAttribute()
    {
        if (s_probe.Value.Problem is { } problem)
            Skip = $"no usable GPU: {s_probe.Value.BriefProblem ?? problem}";
    }
}
