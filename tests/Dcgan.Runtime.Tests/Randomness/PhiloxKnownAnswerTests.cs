using Dcgan.Runtime.Randomness;

namespace Dcgan.Runtime.Tests.Randomness;

/// <summary>Random123's published philox4x32-10 vectors (kat_vectors): the CUDA side is checked against the same.</summary>
public class PhiloxKnownAnswerTests
{
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void MatchesRandom123(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint x0, uint x1, uint x2, uint x3) =>
        Assert.Equal((x0, x1, x2, x3), Philox.Block(c0, c1, c2, c3, k0, k1));

    [Fact]
    public void TheStreamOfSeedZeroIsTheZeroVector()
    {
        var rng = new Philox(0);
        Assert.Equal([0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u], new[] { rng.NextUInt(), rng.NextUInt(), rng.NextUInt(), rng.NextUInt() });
    }

    // Pins the documented mapping of seed, stream and counter onto Philox's key and counter words.
    [Fact]
    public void StreamWordsFollowTheDocumentedLayout()
    {
        ulong seed = 0x299f31d0_a4093822, stream = 0x03707344_13198a2e, block = 0x05a308d3_243f6a88;
        var rng = new Philox(seed, stream) { Counter = 4 * block + 2 };
        var (_, _, x2, x3) = Philox.Block(0x243f6a88, 0x05a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0);

        Assert.Equal(x2, rng.NextUInt());
        Assert.Equal(x3, rng.NextUInt());
        Assert.Equal(4 * block + 4, rng.Counter);
    }
}
