using Dcgan.Runtime.Training;

namespace Dcgan.Runtime.Tests.Training;

/// <summary>The formula pieces, pinned independently of any fixture.</summary>
public class HashInitFormulaTests
{
    // Published FNV-1a 64 test vectors and the splitmix64 reference output (Vigna, seed 0 first draw).
    [Fact]
    public void HashPrimitivesMatchTheirReferences()
    {
        Assert.Equal(0xcbf29ce484222325UL, HashInit.Fnv1a64(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, HashInit.Fnv1a64("a"));
        Assert.Equal(0x85944171f73967e8UL, HashInit.Fnv1a64("foobar"));
        Assert.Equal(0xe220a8397b1dcdafUL, HashInit.SplitMix64(0x9E3779B97F4A7C15));
    }

    [Fact]
    public void UniformsAre24BitFractionsThatDependOnNameAndSeed()
    {
        var a = new float[1000];
        var b = new float[1000];
        var c = new float[1000];
        HashInit.Uniform("G.0.weight", 1, a);
        HashInit.Uniform("G.0.weight", 2, b);
        HashInit.Uniform("G.0.bias", 1, c);

        Assert.All(a, u => Assert.InRange(u, 0f, 1f - 1f / (1 << 24)));
        Assert.All(a, u => Assert.Equal(u * (1 << 24), MathF.Round(u * (1 << 24))));
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
        var prefix = new float[10];
        HashInit.Uniform("G.0.weight", 1, prefix);
        Assert.Equal(a[..10], prefix); // value j does not depend on the length asked for
    }

    [Theory]
    [InlineData(TensorRole.Weight, 25, -0.2f, 0.2f)]
    [InlineData(TensorRole.BatchNormWeight, 0, 0.9f, 1.1f)]
    [InlineData(TensorRole.BatchNormBias, 0, -0.1f, 0.1f)]
    [InlineData(TensorRole.RunningMean, 0, -0.1f, 0.1f)]
    [InlineData(TensorRole.RunningVar, 0, 1f, 1.5f)]
    public void RolesMapToTheirRanges(TensorRole role, int fanIn, float low, float high)
    {
        var values = new float[5000];
        HashInit.Fill("x", 0, role, fanIn, values);
        Assert.All(values, v => Assert.InRange(v, low, high));
        Assert.True(values.Max() - values.Min() > 0.9f * (high - low));
    }
}
