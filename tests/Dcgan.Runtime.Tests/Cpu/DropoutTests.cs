using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Randomness;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>Inverted dropout: statistics, exact scaling, and masks that are a function of (seed, stream, offset, i) only.</summary>
public sealed unsafe class DropoutTests
{
    // Several parallel chunks, a ragged SIMD tail and a partial Philox block.
    private const long N = 100_003;

    private static (float[] Y, float[] Mask) Run(TestTensor x, float rate, ulong seed, ulong stream, ulong offset)
    {
        using var y = new TestTensor(x.Length);
        using var mask = TestTensor.Random(x.Length, 99); // stale contents must be overwritten
        CpuKernels.DropoutForward(x.P, y.P, mask.P, x.Length, rate, seed, stream, offset);
        return (y.ToArray(), mask.ToArray());
    }

    [Fact]
    public void RateZeroIsTheIdentity()
    {
        using var x = TestTensor.Random(N, 1);
        var (y, mask) = Run(x, 0f, 1, 2, 3);
        Check.BitIdentical(x.ToArray(), y, "y");
        Assert.All(mask, m => Assert.Equal(1f, m));

        using var inPlace = x.Clone();
        using var mask2 = new TestTensor(N);
        CpuKernels.DropoutForward(inPlace.P, inPlace.P, mask2.P, N, 0f, 1, 2, 3);
        Check.BitIdentical(x.ToArray(), inPlace.ToArray(), "in place");
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.3f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void KeptFractionIsOneMinusRate(float rate)
    {
        const int n = 1_000_000;
        using var x = TestTensor.Random(n, 1);
        var (_, mask) = Run(x, rate, 12345, 7, 0);
        long kept = mask.Count(m => m != 0f);
        double p = 1.0 - rate;
        double sigma = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(kept, n * p - 4 * sigma, n * p + 4 * sigma);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.75f)]
    [InlineData(0.2f)]
    [InlineData(0.3f)]
    public void KeptValuesAreScaledExactly(float rate)
    {
        using var x = TestTensor.Random(N, 1, -3f, 3f);
        var (y, mask) = Run(x, rate, 5, 0, 0);
        float scale = (float)(1.0 / (1.0 - rate)); // what PyTorch multiplies by
        for (long i = 0; i < N; i++)
        {
            if (mask[i] == 0f)
            {
                Assert.Equal(0f, y[i]);
                continue;
            }
            Assert.Equal(scale, mask[i]);
            Assert.Equal(x[i] * scale, y[i]);
            // 1 - rate is a power of two for 0.5 and 0.75, so dividing is exact too.
            if (rate is 0.5f or 0.75f) Assert.Equal(x[i] / (1f - rate), y[i]);
        }
    }

    [Fact]
    public void MaskFollowsTheDocumentedPhiloxDraw()
    {
        // Seed, stream and offset with both 32-bit halves set, and blocks that carry into the high counter word.
        const ulong seed = 0x1234_5678_9ABC_DEF0, stream = 0xFEDC_BA98_7654_3210, offset = 0xFFFF_FF00;
        const float rate = 0.37f;
        using var x = TestTensor.Random(N, 1);
        var (y, mask) = Run(x, rate, seed, stream, offset);
        var rng = new Philox(seed, stream) { Counter = 4 * offset };
        float scale = (float)(1.0 / (1.0 - rate));
        for (long i = 0; i < N; i++)
        {
            float expected = Philox.ToUniform(rng.NextUInt()) > rate ? scale : 0f;
            if (mask[i] != expected) Assert.Fail($"mask[{i}] = {mask[i]}, expected {expected}");
            if (BitConverter.SingleToInt32Bits(y[i]) != BitConverter.SingleToInt32Bits(x[i] * expected))
                Assert.Fail($"y[{i}] = {y[i]}, expected {x[i] * expected}");
        }
    }

    [Fact]
    public void MasksAreIdenticalForAnyThreadCountAndInPlace()
    {
        int threads = CpuKernels.Threads;
        try
        {
            using var x = TestTensor.Random(N, 1);
            (float[] Y, float[] Mask)? baseline = null;
            foreach (int count in new[] { 1, 2, 3 })
            {
                CpuKernels.Threads = count;
                var result = Run(x, 0.4f, 42, 1, 17);
                if (baseline is not { } b)
                {
                    baseline = result;
                    continue;
                }
                Check.BitIdentical(b.Mask, result.Mask, $"mask with {count} threads");
                Check.BitIdentical(b.Y, result.Y, $"y with {count} threads");
            }
            using var inPlace = x.Clone();
            using var mask = new TestTensor(N);
            CpuKernels.DropoutForward(inPlace.P, inPlace.P, mask.P, N, 0.4f, 42, 1, 17);
            Check.BitIdentical(baseline!.Value.Y, inPlace.ToArray(), "in place");
            Check.BitIdentical(baseline!.Value.Mask, mask.ToArray(), "in place mask");
        }
        finally
        {
            CpuKernels.Threads = threads;
        }
    }

    [Fact]
    public void DifferentOffsetsStreamsAndSeedsGiveDifferentMasks()
    {
        using var x = TestTensor.Random(N, 1);
        var baseline = Run(x, 0.5f, 9, 0, 0).Mask;
        static double Disagreement(float[] a, float[] b) => a.Zip(b).Count(p => p.First != p.Second) / (double)a.Length;
        // Independent masks at rate 0.5 disagree on half the elements.
        Assert.InRange(Disagreement(baseline, Run(x, 0.5f, 9, 0, 1).Mask), 0.48, 0.52);
        Assert.InRange(Disagreement(baseline, Run(x, 0.5f, 9, 1, 0).Mask), 0.48, 0.52);
        Assert.InRange(Disagreement(baseline, Run(x, 0.5f, 10, 0, 0).Mask), 0.48, 0.52);

        // An offset of k blocks shifts the draws by 4k elements.
        var shifted = Run(x, 0.5f, 9, 0, 3).Mask;
        Assert.Equal(baseline.Skip(12), shifted.Take(shifted.Length - 12));
    }

    [Fact]
    public void BackwardMultipliesByTheMask()
    {
        using var x = TestTensor.Random(N, 1);
        using var y = new TestTensor(N);
        using var mask = new TestTensor(N);
        CpuKernels.DropoutForward(x.P, y.P, mask.P, N, 0.25f, 8, 2, 0);
        using var dy = TestTensor.Random(N, 2);
        using var dx = TestTensor.Random(N, 3);
        CpuKernels.DropoutBackward(dy.P, mask.P, dx.P, N);
        var expected = new float[N];
        for (long i = 0; i < N; i++) expected[i] = dy[i] * mask[i];
        Check.BitIdentical(expected, dx.ToArray(), "dx");

        CpuKernels.DropoutBackward(dy.P, mask.P, dy.P, N);
        Check.BitIdentical(expected, dy.ToArray(), "dx in place");
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(1.5f)]
    public void RatesOutsideZeroToOneAreRejected(float rate)
    {
        using var x = TestTensor.Random(8, 1);
        using var mask = new TestTensor(8);
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuKernels.DropoutForward(x.P, x.P, mask.P, 8, rate, 0, 0, 0));
    }
}
