using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cuda.Native;

/// <summary>
/// The CUDA driver API (libcuda.so.1), as cuda.h declares it. Where cuda.h maps a name to a versioned symbol
/// (cuMemAlloc to cuMemAlloc_v2), the binding names the versioned symbol, whose signature (size_t sizes,
/// 64-bit device pointers) is the one declared. CUdeviceptr is ulong, CUdevice int, every other handle nint.
/// Signatures are checked against the header's prototypes by BindingSignatureTests.
/// </summary>
internal static unsafe partial class CudaDriver
{
    private const string Library = "libcuda";

    static CudaDriver() => CudaLibraries.EnsureResolver();

    [LibraryImport(Library)] internal static partial CudaResult cuInit(uint flags);
    [LibraryImport(Library)] internal static partial CudaResult cuDriverGetVersion(int* driverVersion);
    [LibraryImport(Library)] internal static partial CudaResult cuGetErrorName(CudaResult error, byte** text);
    [LibraryImport(Library)] internal static partial CudaResult cuGetErrorString(CudaResult error, byte** text);

    [LibraryImport(Library)] internal static partial CudaResult cuDeviceGet(int* device, int ordinal);
    [LibraryImport(Library)] internal static partial CudaResult cuDeviceGetCount(int* count);
    [LibraryImport(Library)] internal static partial CudaResult cuDeviceGetName(byte* name, int length, int device);
    [LibraryImport(Library)] internal static partial CudaResult cuDeviceGetAttribute(int* value, CudaDeviceAttribute attribute, int device);
    [LibraryImport(Library)] internal static partial CudaResult cuDeviceTotalMem_v2(nuint* bytes, int device);

    [LibraryImport(Library)] internal static partial CudaResult cuDevicePrimaryCtxRetain(nint* context, int device);
    [LibraryImport(Library)] internal static partial CudaResult cuDevicePrimaryCtxRelease_v2(int device);
    [LibraryImport(Library)] internal static partial CudaResult cuCtxSetCurrent(nint context);

    [LibraryImport(Library)] internal static partial CudaResult cuMemGetInfo_v2(nuint* free, nuint* total);
    [LibraryImport(Library)] internal static partial CudaResult cuMemAlloc_v2(ulong* pointer, nuint bytes);
    [LibraryImport(Library)] internal static partial CudaResult cuMemFree_v2(ulong pointer);
    [LibraryImport(Library)] internal static partial CudaResult cuMemAllocHost_v2(void** pointer, nuint bytes);
    [LibraryImport(Library)] internal static partial CudaResult cuMemFreeHost(void* pointer);
    [LibraryImport(Library)] internal static partial CudaResult cuMemcpyHtoD_v2(ulong destination, void* source, nuint bytes);
    [LibraryImport(Library)] internal static partial CudaResult cuMemcpyDtoH_v2(void* destination, ulong source, nuint bytes);
    [LibraryImport(Library)] internal static partial CudaResult cuMemcpyHtoDAsync_v2(ulong destination, void* source, nuint bytes, nint stream);
    [LibraryImport(Library)] internal static partial CudaResult cuMemcpyDtoHAsync_v2(void* destination, ulong source, nuint bytes, nint stream);
    [LibraryImport(Library)] internal static partial CudaResult cuMemcpyDtoDAsync_v2(ulong destination, ulong source, nuint bytes, nint stream);
    [LibraryImport(Library)] internal static partial CudaResult cuMemsetD32Async(ulong destination, uint value, nuint count, nint stream);

    [LibraryImport(Library)] internal static partial CudaResult cuModuleLoadData(nint* module, void* image);
    [LibraryImport(Library)] internal static partial CudaResult cuModuleUnload(nint module);
    [LibraryImport(Library)] internal static partial CudaResult cuModuleGetFunction(nint* function, nint module, byte* name);
    [LibraryImport(Library)]
    internal static partial CudaResult cuLaunchKernel(nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedMemoryBytes, nint stream, void** parameters, void** extra);

    [LibraryImport(Library)] internal static partial CudaResult cuStreamCreate(nint* stream, uint flags);
    [LibraryImport(Library)] internal static partial CudaResult cuStreamDestroy_v2(nint stream);
    [LibraryImport(Library)] internal static partial CudaResult cuStreamSynchronize(nint stream);
    [LibraryImport(Library)] internal static partial CudaResult cuStreamBeginCapture_v2(nint stream, CudaStreamCaptureMode mode);
    [LibraryImport(Library)] internal static partial CudaResult cuStreamEndCapture(nint stream, nint* graph);
    [LibraryImport(Library)] internal static partial CudaResult cuGraphInstantiateWithFlags(nint* graphExec, nint graph, ulong flags);
    [LibraryImport(Library)] internal static partial CudaResult cuGraphLaunch(nint graphExec, nint stream);
    [LibraryImport(Library)] internal static partial CudaResult cuGraphExecDestroy(nint graphExec);
    [LibraryImport(Library)] internal static partial CudaResult cuGraphDestroy(nint graph);

    /// <summary>Throws a <see cref="CudaException"/> naming the call unless <paramref name="result"/> is success.</summary>
    internal static void Check(CudaResult result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != CudaResult.Success) throw Failure(result, call);
    }

    internal static CudaException Failure(CudaResult result, string call) =>
        StatusCheck.Failure(CudaLibrary.Driver.Title, call, (int)result, Describe, status => Enum.GetName((CudaResult)status));

    /// <summary>cuGetErrorName and cuGetErrorString; nothing when the driver is not loaded (a status made up by a test).</summary>
    private static StatusText Describe(int status)
    {
        if (!CudaLibraries.IsLoaded(CudaLibrary.Driver)) return default;
        byte* name = null, description = null;
        return new StatusText(
            cuGetErrorName((CudaResult)status, &name) == CudaResult.Success ? StatusCheck.Utf8(name) : null,
            cuGetErrorString((CudaResult)status, &description) == CudaResult.Success ? StatusCheck.Utf8(description) : null);
    }
}
