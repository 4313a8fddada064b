namespace Dcgan.Runtime.Cuda;

/// <summary>
/// A deliberately wrong executor, for the tests that show the executor's checks can fail: each fault is a mistake a
/// CUDA-graph executor can make that an eager step would not show.
/// </summary>
internal enum ExecutorFault
{
    None,
    /// <summary>Kernels that read a counter (Adam's step, the batch index, the latent position) read a copy taken when the program was prepared.</summary>
    CountersReadAtCapture,
    /// <summary>Clears are done once before the capture and left out of the graph, so replays accumulate gradients.</summary>
    ClearsOutsideGraph,
}
