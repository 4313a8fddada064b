using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Parity;

namespace Dcgan.Parity.Tests;

/// <summary>The per-element bound of the parameter check is what Adam can really do: never exceeded, and reached.</summary>
public unsafe class AdamStepBoundTests
{
    [Fact]
    public void Step_one_moves_at_most_lr_as_format_md_says()
    {
        Assert.Equal(1.0, AdamStepBound.MaxStepRatio(0.5, 0.999, 1), 12);
        Assert.Equal(1.0, AdamStepBound.MaxStepRatio(0.9, 0.999, 1), 12);
    }

    [Fact]
    public void Step_two_with_beta1_one_half_can_move_more_than_lr()
    {
        // (0.5 / 0.75) * sqrt(1.999) * sqrt(1 + 0.25 / 0.999) = 1.05393
        Assert.Equal(1.05393, AdamStepBound.MaxStepRatio(0.5, 0.999, 2), 4);
        Assert.Equal(2 * 2e-4 * (1 + 1.05393), AdamStepBound.Difference(new AdamSettings(2e-4f, 0.5f, 0.999f, 1e-8f, 0), 2), 7);
    }

    [Theory]
    [InlineData(0.5, 0.999, 2)]
    [InlineData(0.5, 0.999, 3)]
    [InlineData(0.9, 0.999, 3)]
    [InlineData(0.8, 0.999, 4)]
    public void The_real_adam_kernel_reaches_the_bound_and_random_gradients_stay_under_it(double beta1, double beta2, int steps)
    {
        const float lr = 1e-3f;
        double bound = AdamStepBound.MaxStepRatio(beta1, beta2, steps) * lr;

        // Gradients proportional to (b1 / b2)^(t - i) make the last step the largest possible.
        var worst = new float[steps];
        for (int i = 1; i <= steps; i++) worst[i - 1] = (float)Math.Pow(beta1 / beta2, steps - i);
        Assert.Equal(bound, LastUpdate(worst, beta1, beta2, lr), bound * 1e-4);

        var random = new Random(5);
        for (int trial = 0; trial < 2000; trial++)
        {
            var gradients = new float[steps];
            for (int i = 0; i < steps; i++) gradients[i] = (float)(random.NextDouble() * 2 - 1) * (float)Math.Pow(10, random.Next(-3, 3));
            Assert.True(LastUpdate(gradients, beta1, beta2, lr) <= bound * (1 + 1e-5));
        }
    }

    [Fact]
    public void Two_float32_first_steps_of_opposite_sign_can_land_beyond_2_lr_and_stay_within_the_allowed_bound()
    {
        // The AVX2 failure of dcgan64: a weight whose step-1 gradient is rounding noise moves +lr on one side and -lr
        // on the other, 2 lr apart in exact arithmetic, and the two float32 results are further apart than that
        // by their roundings. One side is the real kernel, the other Adam's exact update rounded once.
        var adam = new AdamSettings(2e-4f, 0.5f, 0.999f, 1e-8f, 0);
        double exact = AdamStepBound.Difference(adam, 1);
        var random = new Random(3);
        int beyondExact = 0;
        double worstShare = double.NegativeInfinity;
        for (int trial = 0; trial < 20000; trial++)
        {
            float start = (float)(random.NextDouble() * 0.4 - 0.2);
            float p = start, g = 1e-3f, m = 0, v = 0;
            CpuKernels.AdamStep(&p, &g, &m, &v, 1, adam.LearningRate, adam.Beta1, adam.Beta2, adam.Eps, 0f, 1);
            // The other side's gradient has the other sign: its exact step 1 is +lr * |g| / (|g| + eps).
            float other = (float)(start + (double)adam.LearningRate * 1e-3 / (1e-3 + adam.Eps));
            double apart = Math.Abs((double)p - other);
            if (apart > exact) beyondExact++;
            double allowed = AdamStepBound.Allowed(adam, 1, Math.Abs(other));
            Assert.True(apart <= allowed, $"from {start}: {apart:E9} apart, allowed {allowed:E9}");
            worstShare = Math.Max(worstShare, (apart - exact) / (allowed - exact));
        }
        Assert.True(beyondExact > 0, "no pair landed beyond 2 lr: the test does not show the rounding allowance is needed");
        // And the allowance is not slack: the worst pair uses a good part of what the roundings are allowed.
        Assert.True(worstShare > 0.25, $"the worst pair uses only {worstShare:F3} of the rounding allowance");
    }

    [Theory]
    [InlineData(1, 0.05)]
    [InlineData(3, 0.5)]
    [InlineData(3, 3.0)]
    public void The_rounding_allowance_is_a_few_ulps_and_no_more(int steps, double magnitude)
    {
        // Step-1 strictness stays: the bound widens by the roundings of the values, not by a share of lr.
        var adam = new AdamSettings(2e-4f, 0.5f, 0.999f, 1e-8f, 0);
        double exact = AdamStepBound.Difference(adam, steps), allowed = AdamStepBound.Allowed(adam, steps, magnitude);
        Assert.True(allowed > exact);
        Assert.True(allowed - exact <= exact * 1e-5 + steps * FloatRounding.Ulp(2 * magnitude), $"{allowed - exact:E3} over {exact:E3}");
    }

    private static double LastUpdate(float[] gradients, double beta1, double beta2, float lr)
    {
        float p = 0, m = 0, v = 0, before = 0;
        for (int t = 1; t <= gradients.Length; t++)
        {
            float g = gradients[t - 1];
            before = p;
            CpuKernels.AdamStep(&p, &g, &m, &v, 1, lr, (float)beta1, (float)beta2, 0f, 0f, t);
        }
        return Math.Abs(p - before);
    }
}
