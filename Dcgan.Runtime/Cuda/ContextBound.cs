namespace Dcgan.Runtime.Cuda;

/// <summary>
/// Something that lives in a CUDA context (device memory, a module, a stream, a graph, a cuBLAS or cuDNN handle):
/// it holds a reference on its <see cref="PrimaryContext"/> so the context outlives it, and is freed by
/// <see cref="Dispose"/> with its context made current. There is deliberately no finalizer: the finalizer thread
/// has no current context, and device memory freed there would race the context's own release (a leaked object
/// is freed with its context instead). Dispose does not throw: after a sticky error (an illegal address) every
/// free fails too, and that must not hide the error that caused it.
/// </summary>
public abstract class ContextBound : IDisposable
{
    private bool _holdsContext;

    protected ContextBound(PrimaryContext context)
    {
        Context = context;
        context.DangerousAddRef(ref _holdsContext);
    }

    public PrimaryContext Context { get; }

    /// <summary>Whether it is still owned (not yet disposed).</summary>
    public bool IsLive => _holdsContext;

    /// <summary>Frees the object, with its context current. Failures are ignored (see the class).</summary>
    protected abstract void Free();

    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(!_holdsContext, this);

    public void Dispose()
    {
        if (!_holdsContext) return;
        try
        {
            Context.MakeCurrent();
            Free();
        }
        catch (CudaException)
        {
            // Already broken (a sticky error, a lost device): the context's release reclaims what it can.
        }
        finally
        {
            _holdsContext = false;
            Context.DangerousRelease();
        }
    }
}
