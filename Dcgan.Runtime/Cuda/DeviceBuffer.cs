using System.Runtime.CompilerServices;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>A block of device memory (cuMemAlloc), with copies to and from host spans that wait for their end, for setup and tests.</summary>
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

    /// <summary>
    /// Copies <paramref name="source"/> to the start of the buffer in <paramref name="stream"/>'s order and waits for it.
    /// (The synchronous cuMemcpyHtoD runs on the legacy default stream, which a non-blocking stream does not wait for,
    /// and may return before a pageable copy has landed.)
    /// </summary>
    public void Upload<T>(ReadOnlySpan<T> source, CudaStream stream) where T : unmanaged
    {
        ulong bytes = CheckedBytes<T>(source.Length);
        Context.MakeCurrent();
        fixed (T* host = source)
        {
            CudaDriver.Check(CudaDriver.cuMemcpyHtoDAsync_v2(Pointer, host, (nuint)bytes, stream.Handle));
            stream.Synchronize();
        }
    }

    /// <summary>Copies the start of the buffer into <paramref name="destination"/> after the work queued on <paramref name="stream"/>, and waits for it.</summary>
    public void Download<T>(Span<T> destination, CudaStream stream) where T : unmanaged
    {
        ulong bytes = CheckedBytes<T>(destination.Length);
        Context.MakeCurrent();
        fixed (T* host = destination)
        {
            CudaDriver.Check(CudaDriver.cuMemcpyDtoHAsync_v2(host, Pointer, (nuint)bytes, stream.Handle));
            stream.Synchronize();
        }
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
