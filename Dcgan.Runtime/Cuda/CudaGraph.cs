using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>A captured graph (CUgraph): only a recipe; <see cref="Instantiate"/> makes the executable that is launched.</summary>
public sealed unsafe class CudaGraph : ContextBound
{
    private readonly nint _graph;

    internal CudaGraph(PrimaryContext context, nint graph) : base(context) => _graph = graph;

    public CudaGraphExec Instantiate()
    {
        ThrowIfDisposed();
        Context.MakeCurrent();
        nint exec;
        CudaDriver.Check(CudaDriver.cuGraphInstantiateWithFlags(&exec, _graph, 0));
        return new CudaGraphExec(Context, exec);
    }

    protected override void Free() => CudaDriver.cuGraphDestroy(_graph);
}

/// <summary>An executable graph (CUgraphExec): the whole training step replayed with one launch.</summary>
public sealed class CudaGraphExec : ContextBound
{
    private readonly nint _exec;

    internal CudaGraphExec(PrimaryContext context, nint exec) : base(context) => _exec = exec;

    public void Launch(CudaStream stream)
    {
        ThrowIfDisposed();
        CudaDriver.Check(CudaDriver.cuGraphLaunch(_exec, stream.Handle));
    }

    protected override void Free() => CudaDriver.cuGraphExecDestroy(_exec);
}
