using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>A cuBLAS handle (cublasCreate), created in its context and bound to one stream.</summary>
public sealed unsafe class CublasHandle : ContextBound
{
    private CublasHandle(PrimaryContext context, nint handle) : base(context) => Handle = handle;

    public nint Handle { get; }

    /// <summary>
    /// A handle on <paramref name="stream"/>'s context and stream, in <paramref name="math"/> mode: DefaultMath keeps
    /// FP32 products in FP32 (parity), Tf32TensorOpMath allows TF32 (speed).
    /// </summary>
    public static CublasHandle Create(CudaStream stream, CublasMath math = CublasMath.DefaultMath)
    {
        stream.Context.MakeCurrent();
        nint raw;
        Cublas.Check(Cublas.cublasCreate_v2(&raw));
        var handle = new CublasHandle(stream.Context, raw);
        try
        {
            Cublas.Check(Cublas.cublasSetStream_v2(raw, stream.Handle));
            Cublas.Check(Cublas.cublasSetMathMode(raw, math));
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    protected override void Free() => Cublas.cublasDestroy_v2(Handle);
}
