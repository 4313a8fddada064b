using Dcgan.Runtime.Evaluation;

namespace Dcgan.Runtime.Tests.Evaluation;

/// <summary>FID against cases with a closed-form answer.</summary>
public sealed class FrechetDistanceTests
{
    [Fact]
    public void Diagonal_gaussians_give_the_mean_distance_plus_the_square_root_differences()
    {
        // |m1 - m2|^2 + sum (sqrt(a_i) - sqrt(b_i))^2 when both covariances are diagonal.
        var a = Statistics([0, 1, 2], Diagonal(4, 1, 9));
        var b = Statistics([1, 1, 0], Diagonal(1, 16, 9));
        double expected = (1 + 0 + 4) + (2 - 1) * (2 - 1) + (1 - 4) * (1 - 4) + 0;
        Assert.Equal(expected, FrechetDistance.Between(a, b), 9);
    }

    [Fact]
    public void Scaled_covariance_gives_trace_times_one_minus_the_scale_squared()
    {
        // S2 = c^2 S1 commutes with S1: tr(S1 + S2 - 2 (S1 S2)^(1/2)) = tr(S1) (1 - c)^2, for any symmetric positive definite S1.
        double[,] s1 = { { 4, 1.5, 0.2 }, { 1.5, 3, -0.7 }, { 0.2, -0.7, 2 } };
        const double c = 1.7;
        var s2 = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) s2[i, j] = c * c * s1[i, j];
        double expected = 9 * (1 - c) * (1 - c) + 0.25;
        Assert.Equal(expected, FrechetDistance.Between(Statistics([0, 0, 0], s1), Statistics([0.5, 0, 0], s2)), 9);
    }

    [Fact]
    public void A_set_against_itself_is_zero_and_the_distance_is_symmetric()
    {
        var random = new Random(3);
        var one = Features(random, 4000, 6, shift: 0, spread: 1);
        var two = Features(random, 4000, 6, shift: 0.5, spread: 2);
        var a = FeatureStatistics.Of(one, 4000);
        var b = FeatureStatistics.Of(two, 4000);
        Assert.Equal(0, FrechetDistance.Between(a, a), 6);
        Assert.Equal(FrechetDistance.Between(a, b), FrechetDistance.Between(b, a), 6);
    }

    [Fact]
    public void Sample_statistics_approach_the_closed_form_of_their_gaussians()
    {
        // N(0, I) against N(0.5 * 1, 4 I) in 6 dimensions: 6 * 0.25 + 6 * (1 - 2)^2 = 7.5.
        var random = new Random(5);
        const int count = 40_000;
        var a = FeatureStatistics.Of(Features(random, count, 6, shift: 0, spread: 1), count);
        var b = FeatureStatistics.Of(Features(random, count, 6, shift: 0.5, spread: 2), count);
        Assert.InRange(FrechetDistance.Between(a, b), 7.5 - 0.25, 7.5 + 0.25);
    }

    [Fact]
    public void Unbiased_covariance_divides_by_count_minus_one()
    {
        var s = FeatureStatistics.Of([1f, 3f], 2);
        Assert.Equal(2, s.Mean[0], 12);
        Assert.Equal(2, s.Covariance[0, 0], 12);
    }

    private static FeatureStatistics Statistics(double[] mean, double[,] covariance) => new(mean, covariance, 1000);

    private static double[,] Diagonal(params double[] values)
    {
        var m = new double[values.Length, values.Length];
        for (int i = 0; i < values.Length; i++) m[i, i] = values[i];
        return m;
    }

    private static float[] Features(Random random, int count, int dimension, double shift, double spread)
    {
        var values = new float[count * dimension];
        for (int i = 0; i < values.Length; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(shift + spread * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }
}
