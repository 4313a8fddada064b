namespace Dcgan.Runtime;

/// <summary>Latent batches from the declared distribution (normal, or uniform on [-1, 1]) on their own Philox stream.</summary>
public struct LatentSampler(LatentDistribution distribution, ulong seed, ulong stream)
{
    private Philox _random = new(seed, stream);

    public void Fill(Span<float> destination)
    {
        if (distribution == LatentDistribution.Uniform) _random.FillUniform(destination, -1f, 1f);
        else _random.FillNormal(destination);
    }
}
