using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests;

/// <summary>What this machine offers CUDA, probed once for the conditional facts.</summary>
internal static class CudaMachine
{
    private static readonly Lazy<LibraryLoadResult> s_driver = new(() => CudaLibraries.Load(CudaLibrary.Driver));

    public static bool DriverLoads => s_driver.Value.IsLoaded;
}
