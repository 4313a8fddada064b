namespace Dcgan.Runtime;

/// <summary>One network's buffers: parameters, gradients and Adam moments (each one contiguous block, so Adam is one pass), and batch-norm running statistics.</summary>
public sealed class NetworkState : IDisposable
{
    public NetworkState(long parameterCount, long statisticCount, AdamSettings adam)
    {
        Parameters = new NativeBuffer(parameterCount);
        Gradients = new NativeBuffer(parameterCount);
        AdamM = new NativeBuffer(parameterCount);
        AdamV = new NativeBuffer(parameterCount);
        Statistics = new NativeBuffer(statisticCount);
        Adam = adam;
    }

    public NativeBuffer Parameters { get; }
    public NativeBuffer Gradients { get; }
    public NativeBuffer AdamM { get; }
    public NativeBuffer AdamV { get; }
    public NativeBuffer Statistics { get; }
    /// <summary>Optimizer steps taken (PyTorch's Adam <c>state['step']</c>).</summary>
    public int AdamStep { get; set; }
    public AdamSettings Adam { get; set; }

    /// <summary>Takes <paramref name="other"/>'s parameters and running statistics (not its gradients or Adam state).</summary>
    public void CopyWeightsFrom(NetworkState other)
    {
        other.Parameters.AsSpan().CopyTo(Parameters.AsSpan());
        other.Statistics.AsSpan().CopyTo(Statistics.AsSpan());
    }

    public void Dispose()
    {
        Parameters.Dispose();
        Gradients.Dispose();
        AdamM.Dispose();
        AdamV.Dispose();
        Statistics.Dispose();
    }
}
