using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// The arguments of one <c>cublasSgemm</c> (column-major: C[m, n] = alpha op(A)[m, k] op(B)[k, n] + beta C), as the
/// CUDA step passes them. Operands are named by role, not pointer: A and B are the caller's operands in cuBLAS's order.
/// </summary>
public readonly record struct CublasGemm(CublasOperation OpA, CublasOperation OpB, int M, int N, int K, GemmOperand A, long Lda, GemmOperand B, long Ldb, float Beta, long Ldc)
{
    /// <summary>
    /// The cuBLAS call that computes the row-major product the CPU kernels ask for,
    /// C[M, N] (= or +=) op(A)[M, K] op(B)[K, N] with row-major leading dimensions: a row-major matrix is its own
    /// transpose in column-major storage, so cuBLAS computes C^T = op(B)^T op(A)^T, i.e. the operands swap places
    /// and every leading dimension stays as it is. Nothing is copied or transposed in memory.
    /// </summary>
    public static CublasGemm FromRowMajor(bool transA, bool transB, int m, int n, int k, long lda, long ldb, long ldc, bool accumulate)
        => new(transB ? CublasOperation.T : CublasOperation.N, transA ? CublasOperation.T : CublasOperation.N,
            n, m, k, GemmOperand.RowMajorB, ldb, GemmOperand.RowMajorA, lda, accumulate ? 1f : 0f, ldc);

    /// <summary>y[B, out] = x[B, in] W^T, W in PyTorch's [out, in] layout (before the bias and activation epilogue); row-major A = x, B = W.</summary>
    public static CublasGemm LinearForward(int batch, int inFeatures, int outFeatures)
        => FromRowMajor(false, true, batch, outFeatures, inFeatures, inFeatures, inFeatures, outFeatures, accumulate: false);

    /// <summary>dx[B, in] = dy[B, out] W[out, in]; row-major A = dy, B = W.</summary>
    public static CublasGemm LinearBackwardData(int batch, int inFeatures, int outFeatures)
        => FromRowMajor(false, false, batch, inFeatures, outFeatures, outFeatures, inFeatures, inFeatures, accumulate: false);

    /// <summary>dW[out, in] += dy^T[out, B] x[B, in] (gradients accumulate over the step's passes); row-major A = dy, B = x.</summary>
    public static CublasGemm LinearBackwardWeight(int batch, int inFeatures, int outFeatures)
        => FromRowMajor(true, false, outFeatures, inFeatures, batch, outFeatures, inFeatures, inFeatures, accumulate: true);
}

/// <summary>Which of the row-major product's operands goes in a cuBLAS operand slot.</summary>
public enum GemmOperand
{
    RowMajorA,
    RowMajorB,
}
