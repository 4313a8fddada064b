using Dcgan.Runtime.Randomness;

namespace Dcgan.Runtime.Tests.Randomness;

/// <summary>What checkpoints and the GPU backend rely on: values depend only on (seed, stream, counter).</summary>
public class PhiloxStreamTests
{
    [Fact]
    public void RestoringTheCounterReplaysTheSameValues()
    {
        var rng = new Philox(7);
        rng.FillNormal(new float[10]);
        ulong saved = rng.Counter;
        var first = new float[33];
        rng.FillNormal(first);

        var resumed = new Philox(7) { Counter = saved };
        var second = new float[33];
        resumed.FillNormal(second);

        Assert.Equal(first, second);
    }

    // Fills start on a whole block so that GPU thread t can compute values 4t..4t+3 alone.
    [Fact]
    public void FillsAreBlockAligned()
    {
        var rng = new Philox(3);
        rng.NextUInt();
        var values = new float[5];
        rng.FillUniform(values, 0, 1);

        Assert.Equal(12UL, rng.Counter);
        var (x0, _, _, _) = Philox.Block(1, 0, 0, 0, 3, 0);
        Assert.Equal(Philox.ToUniform(x0), values[0]);
    }

    [Fact]
    public void NormalsAreBoxMullerOfTheDocumentedUniforms()
    {
        var rng = new Philox(11, stream: 2);
        var values = new float[4];
        rng.FillNormal(values);

        var (x0, x1, x2, x3) = Philox.Block(0, 0, 2, 0, 11, 0);
        static (float, float) Pair(uint a, uint b)
        {
            double r = Math.Sqrt(-2 * Math.Log(Philox.ToUniform(a)));
            double angle = 2 * Math.PI * Philox.ToUniform(b);
            return ((float)(r * Math.Cos(angle)), (float)(r * Math.Sin(angle)));
        }
        var (n0, n1) = Pair(x0, x1);
        var (n2, n3) = Pair(x2, x3);
        float[] expected = [n0, n1, n2, n3];
        for (int i = 0; i < 4; i++)
            Assert.Equal(expected[i], values[i], 1e-6f);
    }

    [Fact]
    public void SeedsAndStreamsAreIndependent()
    {
        uint a = new Philox(1).NextUInt(), b = new Philox(2).NextUInt(), c = new Philox(1, stream: 1).NextUInt();
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void UniformsStayInTheirHalfOpenRange()
    {
        Assert.Equal(1f / (1 << 24), Philox.ToUniform(0));
        Assert.Equal(1f, Philox.ToUniform(uint.MaxValue));
        var rng = new Philox(5);
        var values = new float[100_000];
        rng.FillUniform(values, -2, 3);
        Assert.All(values, v => Assert.InRange(v, -2f, 3f));
        Assert.InRange(values.Average(), 0.48, 0.52); // 4 standard errors
    }
}
