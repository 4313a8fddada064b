using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>
/// The CUDA step hands its matrix products to cuBLAS, which is column-major; the CPU kernels are row-major. These tests
/// run each cuBLAS call as cuBLAS defines it (a plain column-major reference) and compare with what the CPU computes.
/// </summary>
public sealed unsafe class CublasGemmTests
{
    /// <summary>cublasSgemm's definition: C = alpha op(A) op(B) + beta C, column-major, element (i, j) at i + j * ld.</summary>
    private static void ColumnMajorSgemm(CublasGemm g, float[] a, float[] b, float[] c)
    {
        for (int j = 0; j < g.N; j++)
            for (int i = 0; i < g.M; i++)
            {
                double sum = 0;
                for (int p = 0; p < g.K; p++)
                {
                    float left = g.OpA == CublasOperation.N ? a[i + p * g.Lda] : a[p + i * g.Lda];
                    float right = g.OpB == CublasOperation.N ? b[p + j * g.Ldb] : b[j + p * g.Ldb];
                    sum += (double)left * right;
                }
                long at = i + j * g.Ldc;
                c[at] = (float)(sum + g.Beta * c[at]);
            }
    }

    private static void RunAsCublas(CublasGemm g, float[] rowMajorA, float[] rowMajorB, float[] c)
        => ColumnMajorSgemm(g, g.A == GemmOperand.RowMajorA ? rowMajorA : rowMajorB, g.B == GemmOperand.RowMajorA ? rowMajorA : rowMajorB, c);

    private static float[] Random(int count, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"element {i}: CPU {expected[i]}, cuBLAS call {actual[i]}");
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, true)]
    [InlineData(true, true, true)]
    public void Any_row_major_product_maps_to_a_cublas_call_that_computes_it(bool transA, bool transB, bool accumulate)
    {
        const int m = 7, n = 5, k = 9;
        // Leading dimensions wider than the matrices, as in a slice of a larger buffer.
        long lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 2, ldc = n + 4;
        float[] a = Random((int)(lda * (transA ? k : m)), 1), b = Random((int)(ldb * (transB ? n : k)), 2), c = Random((int)(ldc * m), 3);
        float[] expected = (float[])c.Clone(), actual = (float[])c.Clone();
        fixed (float* pa = a, pb = b, pc = expected)
            Gemm.Multiply(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);

        RunAsCublas(CublasGemm.FromRowMajor(transA, transB, m, n, k, lda, ldb, ldc, accumulate), a, b, actual);
        AssertClose(expected, actual);
    }

    [Fact]
    public void The_three_products_of_a_linear_layer_match_the_cpu_kernels()
    {
        const int batch = 6, inFeatures = 11, outFeatures = 4;
        float[] x = Random(batch * inFeatures, 4), w = Random(outFeatures * inFeatures, 5), dy = Random(batch * outFeatures, 6);
        float[] y = new float[batch * outFeatures], dx = new float[batch * inFeatures], dw = Random(outFeatures * inFeatures, 7);
        float[] dwBefore = (float[])dw.Clone();
        fixed (float* px = x, pw = w, pdy = dy, py = y, pdx = dx, pdw = dw)
        {
            CpuKernels.LinearForward(px, pw, null, py, batch, inFeatures, outFeatures, Activation.None, 0f);
            CpuKernels.LinearBackward(px, pw, pdy, pdx, pdw, null, batch, inFeatures, outFeatures);
        }

        var forward = new float[y.Length];
        RunAsCublas(CublasGemm.LinearForward(batch, inFeatures, outFeatures), x, w, forward);
        AssertClose(y, forward);

        var data = new float[dx.Length];
        RunAsCublas(CublasGemm.LinearBackwardData(batch, inFeatures, outFeatures), dy, w, data);
        AssertClose(dx, data);

        var weight = dwBefore; // the weight gradient accumulates onto what the buffer held
        RunAsCublas(CublasGemm.LinearBackwardWeight(batch, inFeatures, outFeatures), dy, x, weight);
        AssertClose(dw, weight);
    }
}
