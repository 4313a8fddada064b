namespace Dcgan.Runtime.Evaluation;

/// <summary>
/// How a set of generated digits looks to the judge: FID against the reference set's features, the
/// share of each class, how many classes take at least <see cref="CoverageShare"/> of the images (mode
/// coverage: 10 of 10 for a generator that draws every digit), and the mean top-class probability.
/// </summary>
public sealed record SampleQuality(double Fid, int Count, double[] ClassShares, int ClassesCovered, double MeanConfidence)
{
    public const double CoverageShare = 0.05;

    public static SampleQuality Measure(JudgeVerdict verdict, FeatureStatistics reference, int classes)
    {
        var statistics = FeatureStatistics.Of(verdict.Features, verdict.Count);
        var shares = new double[classes];
        foreach (int c in verdict.Classes) shares[c] += 1.0 / verdict.Count;
        return new SampleQuality(
            FrechetDistance.Between(statistics, reference),
            verdict.Count,
            shares,
            shares.Count(s => s >= CoverageShare),
            verdict.Confidence.Average(c => (double)c));
    }

    /// <summary>"0:10% 1:11% ..." for a log line.</summary>
    public string HistogramText => string.Join(" ", ClassShares.Select((s, c) => $"{c}:{s * 100:F0}%"));
}
