using System.Runtime.InteropServices;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// The pinned-host-memory entry points the executor will need (cuda.h's cuMemAllocHost_v2 and cuMemFreeHost), which
/// Dcgan.Runtime does not bind yet; the stand-in exports them. Resolved through the same library search.
/// </summary>
internal static unsafe partial class CudaDriverPinned
{
    static CudaDriverPinned() => NativeLibrary.SetDllImportResolver(typeof(CudaDriverPinned).Assembly,
        (name, _, _) => name == "libcuda" ? CudaLibraries.Require(CudaLibrary.Driver) : 0);

    [LibraryImport("libcuda")] internal static partial CudaResult cuMemAllocHost_v2(void** pointer, nuint bytes);
    [LibraryImport("libcuda")] internal static partial CudaResult cuMemFreeHost(void* pointer);
}
