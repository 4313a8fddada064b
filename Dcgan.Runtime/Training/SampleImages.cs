namespace Dcgan.Runtime;

/// <summary>
/// G's images for given latent vectors (eval-mode batch norm unless asked otherwise), and the latent vectors a run draws its sample grids
/// from (Philox stream 4 of the run's seed). The trainer's grids, <c>generate</c> and <c>interpolate</c>
/// all render this way, so the same seed gives the same images everywhere.
/// </summary>
public static class SampleImages
{
    private const ulong LatentStream = 4;

    /// <summary>The first <paramref name="count"/> latent vectors of a run's sample stream.</summary>
    public static float[] Latents(GanDefinition definition, ulong seed, int count)
    {
        var latents = new float[(long)count * definition.LatentSize];
        new LatentSampler(definition.LatentDistribution, seed, LatentStream).Fill(latents);
        return latents;
    }

    /// <summary>
    /// G(z) for every vector of <paramref name="latents"/>, a batch of the state at a time, into <paramref name="images"/>.
    /// In eval mode a last partial batch is padded; in training mode batch statistics would see the padding, so the
    /// number of vectors must be a multiple of the state's batch.
    /// </summary>
    public static void Render(IGanModel model, GanState state, ReadOnlySpan<float> latents, Span<float> images, BatchNormMode batchNorm = BatchNormMode.Eval)
    {
        int latentSize = state.Definition.LatentSize, imageSize = state.Definition.ImageSize;
        int count = latents.Length / latentSize;
        if (batchNorm == BatchNormMode.Train && count % state.Batch != 0)
            throw new ArgumentException($"{count} latent vectors do not fill batches of {state.Batch}: training-mode batch norm would normalise the padding too", nameof(latents));
        for (int done = 0; done < count; done += state.Batch)
        {
            int take = Math.Min(state.Batch, count - done);
            state.LatentD.Clear();
            latents.Slice(done * latentSize, take * latentSize).CopyTo(state.LatentD);
            model.Generate(state, batchNorm);
            state.Fake[..(take * imageSize)].CopyTo(images[(done * imageSize)..]);
        }
    }
}
