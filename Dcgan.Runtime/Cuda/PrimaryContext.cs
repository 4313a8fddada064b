using System.Runtime.InteropServices;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// A retained reference to a device's primary context (the one the CUDA runtime and PyTorch share). Everything
/// allocated in it holds a reference through <see cref="ContextBound"/>, so the context outlives them. Releasing
/// takes only the device ordinal, so it is safe from the finalizer thread.
/// </summary>
public sealed class PrimaryContext : SafeHandle
{
    private PrimaryContext(int device) : base(0, ownsHandle: true) => Device = device;

    public int Device { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>Retains device <paramref name="ordinal"/>'s primary context (cuInit must have run).</summary>
    public static unsafe PrimaryContext Retain(int ordinal)
    {
        int device;
        CudaDriver.Check(CudaDriver.cuDeviceGet(&device, ordinal));
        var context = new PrimaryContext(device);
        nint raw;
        CudaDriver.Check(CudaDriver.cuDevicePrimaryCtxRetain(&raw, device));
        context.SetHandle(raw);
        return context;
    }

    /// <summary>Binds the context to the calling thread; every driver call after it on this thread works in it.</summary>
    public void MakeCurrent() => CudaDriver.Check(CudaDriver.cuCtxSetCurrent(handle));

    /// <summary>Free and total device memory, in bytes, as the driver sees them now (makes the context current).</summary>
    public unsafe (ulong Free, ulong Total) MemoryInfo()
    {
        MakeCurrent();
        nuint free, total;
        CudaDriver.Check(CudaDriver.cuMemGetInfo_v2(&free, &total));
        return (free, total);
    }

    protected override bool ReleaseHandle() => CudaDriver.cuDevicePrimaryCtxRelease_v2(Device) == CudaResult.Success;
}
