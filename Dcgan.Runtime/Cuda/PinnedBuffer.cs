using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// Page-locked host memory (cuMemAllocHost): what an asynchronous device-to-host copy inside a CUDA graph may write
/// to, so a step's loss values come back with the step's own replay and one stream synchronisation.
/// </summary>
public sealed unsafe class PinnedBuffer : ContextBound
{
    private PinnedBuffer(PrimaryContext context, void* pointer, ulong bytes) : base(context)
    {
        Pointer = (byte*)pointer;
        Bytes = bytes;
    }

    public byte* Pointer { get; }
    public ulong Bytes { get; }

    public static PinnedBuffer Allocate(PrimaryContext context, ulong bytes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bytes);
        context.MakeCurrent();
        void* pointer;
        CudaDriver.Check(CudaDriver.cuMemAllocHost_v2(&pointer, (nuint)bytes));
        new Span<byte>(pointer, checked((int)bytes)).Clear();
        return new PinnedBuffer(context, pointer, bytes);
    }

    protected override void Free() => CudaDriver.cuMemFreeHost(Pointer);
}
