using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>One row of a cuDNN algorithm search (cudnnConvolution*AlgoPerf_t), whichever routine it rates.</summary>
/// <param name="Milliseconds">What a Find search measured; 0 from the heuristics.</param>
public readonly record struct AlgorithmCandidate(int Algorithm, CudnnStatus Status, float Milliseconds, ulong WorkspaceBytes,
    CudnnDeterminism Determinism, CudnnMathType Math)
{
    /// <summary>
    /// The first of <paramref name="rows"/> (cuDNN's order: best first) that succeeded, needs at most
    /// <paramref name="workspaceLimit"/> bytes of workspace and, when <paramref name="deterministicOnly"/>, is deterministic.
    /// </summary>
    public static AlgorithmCandidate? First(IEnumerable<AlgorithmCandidate> rows, bool deterministicOnly, ulong workspaceLimit)
    {
        foreach (var row in rows)
        {
            if (row.Status != CudnnStatus.Success || row.WorkspaceBytes > workspaceLimit) continue;
            if (deterministicOnly && row.Determinism != CudnnDeterminism.Deterministic) continue;
            return row;
        }
        return null;
    }
}
