using System.Runtime.CompilerServices;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>A block of device memory (cuMemAlloc), with synchronous copies to and from host spans for setup and tests.</summary>
public sealed unsafe class DeviceBuffer : ContextBound
{
    private DeviceBuffer(PrimaryContext context, ulong pointer, ulong bytes) : base(context)
    {
        Pointer = pointer;
        Bytes = bytes;
    }

    /// <summary>The device address (a CUdeviceptr): what kernels, cuBLAS and cuDNN take.</summary>
    public ulong Pointer { get; }

    public ulong Bytes { get; }

    public static DeviceBuffer Allocate(PrimaryContext context, ulong bytes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bytes);
        context.MakeCurrent();
        ulong pointer;
        CudaDriver.Check(CudaDriver.cuMemAlloc_v2(&pointer, (nuint)bytes));
        return new DeviceBuffer(context, pointer, bytes);
    }

    /// <summary>Copies <paramref name="source"/> to the start of the buffer and waits for the copy.</summary>
    public void Upload<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        ulong bytes = CheckedBytes<T>(source.Length);
        Context.MakeCurrent();
        fixed (T* host = source)
            CudaDriver.Check(CudaDriver.cuMemcpyHtoD_v2(Pointer, host, (nuint)bytes));
    }

    /// <summary>Copies the start of the buffer into <paramref name="destination"/>, waiting for the device's work before it.</summary>
    public void Download<T>(Span<T> destination) where T : unmanaged
    {
        ulong bytes = CheckedBytes<T>(destination.Length);
        Context.MakeCurrent();
        fixed (T* host = destination)
            CudaDriver.Check(CudaDriver.cuMemcpyDtoH_v2(host, Pointer, (nuint)bytes));
    }

    private ulong CheckedBytes<T>(int count) where T : unmanaged
    {
        ThrowIfDisposed();
        ulong bytes = (ulong)count * (ulong)Unsafe.SizeOf<T>();
        if (bytes > Bytes) throw new ArgumentOutOfRangeException(nameof(count), $"{bytes} bytes do not fit a device buffer of {Bytes}");
        return bytes;
    }

    protected override void Free() => CudaDriver.cuMemFree_v2(Pointer);
}
