using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

public sealed unsafe class GemmTests
{
    // Awkward sizes: 1, primes, one past a micro-tile, K past one KC slice (256), more rows than one block (256).
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (7, 17, 65), (17, 7, 1), (65, 130, 17), (130, 65, 300), (1, 130, 7),
        (130, 1, 65), (33, 47, 513), (8, 32, 256), (16, 64, 512), (129, 1025, 3), (300, 40, 70),
    ];

    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (string path in Enum.GetNames<GemmPath>())
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                    data.Add(path, transA, transB);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MatchesReferenceForEveryTransposeAndSize(string pathName, bool transA, bool transB)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        Skip.IfNot(Gemm.IsSupported(path), $"this CPU (or this process's JIT settings) cannot run the {path} micro-kernel");
        Gemm.ForcedPath = path;
        try
        {
            int seed = 1;
            foreach (var (m, n, k) in Shapes)
                foreach (bool accumulate in new[] { false, true })
                {
                    // Leading dimensions wider than the matrices, so strides are really used.
                    int aRows = transA ? k : m, aCols = transA ? m : k, lda = aCols + 3;
                    int bRows = transB ? n : k, bCols = transB ? k : n, ldb = bCols + 5;
                    int ldc = n + 2;
                    using var a = TestTensor.Random((long)aRows * lda, seed++);
                    using var b = TestTensor.Random((long)bRows * ldb, seed++);
                    using var c = TestTensor.Random((long)m * ldc, seed++);
                    double[]? c0 = accumulate ? c.ToDouble() : null;
                    var expected = Reference.Gemm(transA, transB, m, n, k, a.ToDouble(), lda, b.ToDouble(), ldb, c0, ldc);
                    Gemm.Multiply(transA, transB, m, n, k, a.P, lda, b.P, ldb, c.P, ldc, accumulate);
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            // Padding columns of C must be left alone.
                            double e = expected[i * ldc + j];
                            double tolerance = 1e-4 * Math.Sqrt(k) + 1e-5;
                            if (Math.Abs(c[i * ldc + j] - e) > tolerance * Math.Max(1, Math.Abs(e)))
                                Assert.Fail($"{path} tA={transA} tB={transB} {m}x{n}x{k} acc={accumulate}: C[{i},{j}] = {c[i * ldc + j]}, expected {e}");
                        }
                }
        }
        finally
        {
            Gemm.ForcedPath = null;
        }
    }

    [Fact]
    public void LeavesPaddingColumnsOfCUntouched()
    {
        const int m = 9, n = 33, k = 20, ldc = 40;
        using var a = TestTensor.Random(m * k, 1);
        using var b = TestTensor.Random(k * n, 2);
        using var c = new TestTensor(m * ldc);
        for (int i = 0; i < m * ldc; i++) c[i] = 42f;
        Gemm.Multiply(false, false, m, n, k, a.P, k, b.P, n, c.P, ldc, accumulate: false);
        for (int i = 0; i < m; i++)
            for (int j = n; j < ldc; j++) Assert.Equal(42f, c[i * ldc + j]);
    }

    [Fact]
    public void ZeroDepthOverwritesWithZeroAndAccumulateKeepsC()
    {
        using var c = TestTensor.Random(12, 3);
        var before = c.ToArray();
        Gemm.Multiply(false, false, 3, 4, 0, null, 0, null, 0, c.P, 4, accumulate: true);
        Assert.Equal(before, c.ToArray());
        Gemm.Multiply(false, false, 3, 4, 0, null, 0, null, 0, c.P, 4, accumulate: false);
        Assert.All(c.ToArray(), v => Assert.Equal(0f, v));
    }
}
