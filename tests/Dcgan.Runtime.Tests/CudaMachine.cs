using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests;

/// <summary>What this machine offers CUDA, probed once for the conditional facts.</summary>
internal static class CudaMachine
{
    private static readonly Lazy<LibraryLoadResult> s_driver = new(() => CudaLibraries.Load(CudaLibrary.Driver));
    private static readonly Lazy<GpuProbe> s_gpu = new(GpuProbe.Run);

    public static bool DriverLoads => s_driver.Value.IsLoaded;

    /// <summary>Why no GPU is usable, or null when one is.</summary>
    public static string? GpuProblem => s_gpu.Value.Problem;
}
