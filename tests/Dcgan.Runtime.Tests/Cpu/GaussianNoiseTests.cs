using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Randomness;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>y = x + sigma * N(0, 1) with normals that are a function of (seed, stream, offset, i) only.</summary>
public sealed unsafe class GaussianNoiseTests
{
    private const long N = 100_003;

    private static float[] Run(TestTensor x, float sigma, ulong seed, ulong stream, ulong offset)
    {
        using var y = TestTensor.Random(x.Length, 99);
        CpuKernels.AddGaussianNoise(x.P, y.P, x.Length, sigma, seed, stream, offset);
        return y.ToArray();
    }

    [Fact]
    public void SigmaZeroIsACopy()
    {
        using var x = TestTensor.Random(N, 1);
        Check.BitIdentical(x.ToArray(), Run(x, 0f, 1, 2, 3), "y");
        using var inPlace = x.Clone();
        CpuKernels.AddGaussianNoise(inPlace.P, inPlace.P, N, 0f, 1, 2, 3);
        Check.BitIdentical(x.ToArray(), inPlace.ToArray(), "in place");
    }

    [Fact]
    public void NoiseHasMeanZeroAndStandardDeviationSigma()
    {
        const int n = 1_000_000;
        const float sigma = 0.3f;
        using var x = TestTensor.Random(n, 1);
        var y = Run(x, sigma, 2024, 5, 0);
        double sum = 0, squares = 0;
        for (int i = 0; i < n; i++)
        {
            double z = ((double)y[i] - x[i]) / sigma;
            sum += z;
            squares += z * z;
        }
        double mean = sum / n, variance = squares / n - mean * mean;
        // Standard errors: mean 0.001, variance ~0.0014.
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(Math.Sqrt(variance), 0.9965, 1.0035);
    }

    [Fact]
    public void NoiseIsPhiloxFillNormalFromTheOffsetBlock()
    {
        const ulong seed = 0x0BAD_CAFE_1234_5678, stream = 0x8000_0000_0000_0001, offset = 0xFFFF_FFF0;
        const float sigma = -1.7f;
        using var x = TestTensor.Random(N, 1);
        var y = Run(x, sigma, seed, stream, offset);
        var z = new float[N];
        new Philox(seed, stream) { Counter = 4 * offset }.FillNormal(z);
        var expected = new float[N];
        for (long i = 0; i < N; i++) expected[i] = x[i] + sigma * z[i];
        Check.BitIdentical(expected, y, "y");
    }

    [Fact]
    public void NoiseIsIdenticalForAnyThreadCountAndInPlace()
    {
        int threads = CpuKernels.Threads;
        try
        {
            using var x = TestTensor.Random(N, 1);
            float[]? baseline = null;
            foreach (int count in new[] { 1, 2, 3 })
            {
                CpuKernels.Threads = count;
                var y = Run(x, 0.5f, 77, 3, 11);
                if (baseline is null) baseline = y;
                else Check.BitIdentical(baseline, y, $"y with {count} threads");
            }
            using var inPlace = x.Clone();
            CpuKernels.AddGaussianNoise(inPlace.P, inPlace.P, N, 0.5f, 77, 3, 11);
            Check.BitIdentical(baseline!, inPlace.ToArray(), "in place");
        }
        finally
        {
            CpuKernels.Threads = threads;
        }
    }

    [Fact]
    public void DifferentOffsetsStreamsAndSeedsGiveDifferentNoise()
    {
        using var x = TestTensor.Random(N, 1);
        var baseline = Run(x, 1f, 9, 0, 0);
        static double Same(float[] a, float[] b) => a.Zip(b).Count(p => p.First == p.Second) / (double)a.Length;
        Assert.True(Same(baseline, Run(x, 1f, 9, 0, 1)) < 0.01);
        Assert.True(Same(baseline, Run(x, 1f, 9, 1, 0)) < 0.01);
        Assert.True(Same(baseline, Run(x, 1f, 10, 0, 0)) < 0.01);

        // An offset of k blocks shifts the normals by 4k elements.
        using var zeros = new TestTensor(N);
        var z0 = Run(zeros, 1f, 9, 0, 0);
        var z2 = Run(zeros, 1f, 9, 0, 2);
        Assert.Equal(z0.Skip(8), z2.Take(z2.Length - 8));
    }
}
