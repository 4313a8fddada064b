namespace Dcgan.Runtime;

/// <summary>Latent batches from the declared distribution (normal, or uniform on [-1, 1]) on their own Philox stream.</summary>
public struct LatentSampler(LatentDistribution distribution, ulong seed, ulong stream)
{
    /// <summary>The stream of a run's training latents (z_d, then z_g, each step), on every device.</summary>
    public const ulong TrainingStream = 3;

    private Philox _random = new(seed, stream);

    /// <summary>Position in the stream, saved in checkpoints so a resumed run draws what an uninterrupted one would.</summary>
    public ulong Counter
    {
        readonly get => _random.Counter;
        set => _random.Counter = value;
    }

    public void Fill(Span<float> destination)
    {
        if (distribution == LatentDistribution.Uniform) _random.FillUniform(destination, -1f, 1f);
        else _random.FillNormal(destination);
    }
}
