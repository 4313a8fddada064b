using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>A cuDNN handle (cudnnCreate), created in its context and bound to one stream.</summary>
public sealed unsafe class CudnnHandle : ContextBound
{
    private CudnnHandle(PrimaryContext context, nint handle) : base(context) => Handle = handle;

    public nint Handle { get; }

    public static CudnnHandle Create(CudaStream stream)
    {
        stream.Context.MakeCurrent();
        nint raw;
        Cudnn.Check(Cudnn.cudnnCreate(&raw));
        var handle = new CudnnHandle(stream.Context, raw);
        try
        {
            Cudnn.Check(Cudnn.cudnnSetStream(raw, stream.Handle));
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    protected override void Free() => Cudnn.cudnnDestroy(Handle);
}
