namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// How far two sums of the same terms may drift apart when added in another order. The CPU adds each row of a
/// channel in float SIMD lanes before widening to double; the GPU adds in double throughout. A float sum is within
/// about one float rounding of Σ|terms| of the exact sum (far less in practice), so the bounds below are
/// <see cref="FloatEpsilon"/> times the magnitudes summed, per channel, at the worst channel.
/// </summary>
internal static class ReductionBounds
{
    public const double FloatEpsilon = 1.0 / (1 << 23);

    /// <summary>max over channels of Σ term(i, c) over the channel's elements i of an [n, channels, spatial] tensor.</summary>
    public static double MaxChannelSum(int n, int channels, int spatial, Func<long, int, double> term)
    {
        double worst = 0;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int b = 0; b < n; b++)
                for (int s = 0; s < spatial; s++)
                {
                    long i = ((long)b * channels + c) * spatial + s;
                    sum += term(i, c);
                }
            worst = Math.Max(worst, sum);
        }
        return worst;
    }

    public static double MaxAbs(ReadOnlySpan<float> values)
    {
        double worst = 0;
        foreach (float v in values) worst = Math.Max(worst, Math.Abs(v));
        return worst;
    }

    /// <summary>A sum per channel: within one float rounding of Σ|terms| at the worst channel (or two ulp of the result).</summary>
    public static Tolerance Sum(double magnitude, string what) =>
        new(2, FloatEpsilon * magnitude, 0, $"the CPU adds {what} in float lanes: within a float rounding of their magnitudes");
}
