using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>A stream (cuStreamCreate): the queue a training step's work goes on, and what a CUDA graph is captured from.</summary>
public sealed unsafe class CudaStream : ContextBound
{
    private CudaStream(PrimaryContext context, nint stream) : base(context) => Handle = stream;

    /// <summary>The CUstream, for launches and for cuBLAS and cuDNN's SetStream.</summary>
    public nint Handle { get; }

    /// <summary>A stream that does not wait on the legacy default stream (capture requires one).</summary>
    public static CudaStream Create(PrimaryContext context, CudaStreamFlags flags = CudaStreamFlags.NonBlocking)
    {
        context.MakeCurrent();
        nint stream;
        CudaDriver.Check(CudaDriver.cuStreamCreate(&stream, (uint)flags));
        return new CudaStream(context, stream);
    }

    public void Synchronize()
    {
        ThrowIfDisposed();
        CudaDriver.Check(CudaDriver.cuStreamSynchronize(Handle));
    }

    /// <summary>From here until <see cref="EndCapture"/>, work queued on this stream is recorded into a graph instead of run.</summary>
    public void BeginCapture(CudaStreamCaptureMode mode = CudaStreamCaptureMode.ThreadLocal)
    {
        ThrowIfDisposed();
        CudaDriver.Check(CudaDriver.cuStreamBeginCapture_v2(Handle, mode));
    }

    /// <summary>The graph recorded since <see cref="BeginCapture"/>.</summary>
    public CudaGraph EndCapture()
    {
        ThrowIfDisposed();
        Context.MakeCurrent();
        nint graph;
        CudaDriver.Check(CudaDriver.cuStreamEndCapture(Handle, &graph));
        return new CudaGraph(Context, graph);
    }

    protected override void Free() => CudaDriver.cuStreamDestroy_v2(Handle);
}
