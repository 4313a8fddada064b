using Dcgan.Runtime.Randomness;

namespace Dcgan.Runtime.Tests.Randomness;

/// <summary>Coarse sanity: a broken transform (wrong constant, reused word) shows up here.</summary>
public class PhiloxStatisticsTests
{
    [Fact]
    public void NormalsHaveMeanZeroAndVarianceOne()
    {
        var rng = new Philox(12345);
        var values = new float[1_000_000];
        rng.FillNormal(values);

        double mean = values.Average(v => (double)v);
        double variance = values.Average(v => (v - mean) * (v - mean));
        double tail = values.Count(v => Math.Abs(v) > 3) / (double)values.Length;
        // Standard errors: mean 0.001, variance ~0.0014; P(|z| > 3) = 0.0027.
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(variance, 0.993, 1.007);
        Assert.InRange(tail, 0.0022, 0.0032);
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
    }

    // Each of 4 items should land in each of 4 positions a quarter of the time; a biased
    // shuffle (e.g. j drawn from [0, n) at every step) fails this by a wide margin.
    [Fact]
    public void ShuffleIsUnbiased()
    {
        var rng = new Philox(99);
        var counts = new int[4, 4];
        const int trials = 200_000;
        Span<int> items = stackalloc int[4];
        for (int t = 0; t < trials; t++)
        {
            for (int i = 0; i < 4; i++)
                items[i] = i;
            rng.Shuffle(items);
            for (int position = 0; position < 4; position++)
                counts[items[position], position]++;
        }
        foreach (int count in counts)
            Assert.InRange(count, trials / 4 - 1200, trials / 4 + 1200);
    }

    [Fact]
    public void ShuffleIsADeterministicPermutation()
    {
        int[] a = Enumerable.Range(0, 1000).ToArray(), b = Enumerable.Range(0, 1000).ToArray();
        var r1 = new Philox(4);
        var r2 = new Philox(4);
        r1.Shuffle(a);
        r2.Shuffle(b);

        Assert.Equal(a, b);
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), a);
    }

    [Fact]
    public void NextBelowCoversItsRange()
    {
        var rng = new Philox(8);
        var seen = new bool[7];
        for (int i = 0; i < 1000; i++)
            seen[rng.NextBelow(7)] = true;
        Assert.All(seen, Assert.True);
    }
}
