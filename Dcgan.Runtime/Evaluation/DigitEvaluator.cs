namespace Dcgan.Runtime.Evaluation;

/// <summary>
/// Measures generated digits against a reference set (MNIST's test images) with a judge: FID in the judge's
/// feature space, the class histogram and the judge's confidence. The reference statistics are computed once.
/// </summary>
public sealed class DigitEvaluator
{
    /// <summary>As a training run's evaluator: <paramref name="count"/> images from the latents of <paramref name="seed"/> each time.</summary>
    public ISampleEvaluator ForTraining(int count, ulong seed) => new DuringTraining(this, count, seed);

    private sealed class DuringTraining(DigitEvaluator evaluator, int count, ulong seed) : ISampleEvaluator
    {
        public SampleQuality Evaluate(IGanDevice device) => evaluator.MeasureGenerator(device, count, seed);
    }

    public DigitEvaluator(Judge judge, MnistDataset reference)
    {
        Judge = judge;
        ReferenceCount = reference.Count;
        var verdict = judge.Assess(Judge.FromBytes(reference.Images), "the reference images");
        Reference = FeatureStatistics.Of(verdict.Features, verdict.Count);
        ReferenceConfidence = verdict.Confidence.Average(c => (double)c);
    }

    /// <summary>The judge's mean top-class probability on the reference images themselves.</summary>
    public double ReferenceConfidence { get; }

    public Judge Judge { get; }
    public FeatureStatistics Reference { get; }
    public int ReferenceCount { get; }

    /// <summary>Quality of <paramref name="pixels"/>: count x 784 values in [0, 1].</summary>
    public SampleQuality Measure(ReadOnlySpan<float> pixels, string source)
        => SampleQuality.Measure(Judge.Assess(pixels, source), Reference, Judge.Definition.Classes);

    /// <summary>Quality of 8-bit 28x28 digits (an IDX file's data).</summary>
    public SampleQuality Measure(ReadOnlySpan<byte> images, string source) => Measure(Judge.FromBytes(images), source);

    /// <summary>
    /// Quality of <paramref name="count"/> images G draws in eval mode from the latents of <paramref name="seed"/>, each
    /// stored as 8-bit pixels first (what a PNG or IDX of them holds) and, for a model of another size, resized to 28x28.
    /// The device's arena is used for sampling; its parameters and statistics are untouched.
    /// </summary>
    public SampleQuality MeasureGenerator(IGanDevice device, int count, ulong seed)
        => Measure(Digits(device, count, seed), $"{count} images of {device.Definition.Name}");

    /// <summary>G's images as MNIST-style bytes, 28x28 grey.</summary>
    public static byte[] Digits(IGanDevice device, int count, ulong seed)
    {
        var definition = device.Definition;
        if (definition.ImageShape[0] != 1)
            throw new DcganException($"the judge reads grey digits; {definition.Name} makes {string.Join("x", definition.ImageShape)} colour images");
        var images = new float[(long)count * definition.ImageSize];
        device.Generate(SampleImages.Latents(definition, seed, count), images);
        var (low, high) = definition.PixelBounds;
        return ImageAdapter.Fit(ImageGrid.Levels(images, low, high), count, 1, definition.ImageShape[1], definition.ImageShape[2], [1, 28, 28]);
    }
}
