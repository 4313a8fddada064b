using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

public sealed unsafe class LossAndAdamTests
{
    [Theory]
    [InlineData(1f, 1f)]
    [InlineData(0f, 1f)]
    [InlineData(0.9f, 0.5f)] // label smoothing, a scaled loss
    public void BceWithLogitsMatchesReference(float target, float gradScale)
    {
        float[] values = [-120f, -7.5f, -1f, -0.25f, 0f, 0.3f, 2f, 9f, 95f];
        int n = values.Length;
        using var logits = TestTensor.From(values.Select(v => (double)v).ToArray());
        using var grad = TestTensor.Random(n, 1);
        float loss = CpuKernels.BceWithLogits(logits.P, n, target, grad.P, gradScale);

        double expectedLoss = 0;
        var expectedGrad = new double[n];
        foreach (var (x, i) in values.Select((v, i) => ((double)v, i)))
        {
            // -[t log s(x) + (1-t) log(1-s(x))], with log s(x) = -log(1+e^-x) written stably.
            double logSigmoid = -Math.Log(1 + Math.Exp(-Math.Abs(x))) + Math.Min(x, 0);
            double logOneMinus = logSigmoid - x;
            expectedLoss -= target * logSigmoid + (1 - target) * logOneMinus;
            expectedGrad[i] = gradScale * (1 / (1 + Math.Exp(-x)) - target) / n;
        }
        Assert.Equal(expectedLoss / n, loss, 1e-5 * Math.Max(1, expectedLoss / n));
        Check.Close(expectedGrad, grad, "dlogits");
        Assert.Equal(loss, CpuKernels.BceWithLogits(logits.P, n, target, null, gradScale));
    }

    [Theory]
    [InlineData(1f, 1f)]
    [InlineData(0f, 2f)]
    [InlineData(0.1f, 1f)]
    public void BceOnProbabilitiesMatchesReferenceIncludingSaturation(float target, float gradScale)
    {
        float[] values = [0f, 1e-30f, 0.01f, 0.3f, 0.5f, 0.77f, 0.999f, 1f];
        int n = values.Length;
        using var probs = TestTensor.From(values.Select(v => (double)v).ToArray());
        using var grad = TestTensor.Random(n, 1);
        float loss = CpuKernels.BceOnProbabilities(probs.P, n, target, grad.P, gradScale);

        double expectedLoss = 0;
        var expectedGrad = new double[n];
        for (int i = 0; i < n; i++)
        {
            double p = values[i];
            expectedLoss -= target * Math.Max(Math.Log(p), -100) + (1 - target) * Math.Max(Math.Log(1 - p), -100);
            double s = p * (1 - p);
            expectedGrad[i] = gradScale * (p - target) / Math.Max(s, 1e-12) / n * s;
        }
        Assert.Equal(expectedLoss / n, loss, 1e-5 * Math.Max(1, expectedLoss / n));
        Check.Close(expectedGrad, grad, "dlogits");
        Assert.True(float.IsFinite(loss));
    }

    /// <summary>
    /// Two steps worked by hand (lr 0.01, betas 0.9/0.999, eps 1e-8, weight decay 0.1), p = 1:
    /// step 1, g = 0.5: g' = 0.6, m = 0.06, v = 0.00036, m^ = 0.6, sqrt(v^) = 0.6, p = 1 - 0.01 = 0.99;
    /// step 2, g = -0.2: g' = -0.101, m = 0.0439, v = 0.000369841, step size 0.01/0.19,
    /// sqrt(v)/sqrt(1-0.999^2) = 0.430130..., p = 0.99 - 0.0053717 = 0.9846283.
    /// Tolerances are 1e-4 relative: the betas arrive as float, so 1 - 0.999f = 0.00099998713, not 0.001.
    /// The second element has no gradient and no decay effect beyond p itself (g = 0, p = 0): it stays 0.
    /// </summary>
    [Fact]
    public void AdamMatchesTwoHandComputedSteps()
    {
        using var p = TestTensor.From([1.0, 0.0]);
        using var g = TestTensor.From([0.5, 0.0]);
        using var m = new TestTensor(2);
        using var v = new TestTensor(2);
        CpuKernels.AdamStep(p.P, g.P, m.P, v.P, 2, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, 1);
        Assert.Equal(0.06, m[0], 1e-7);
        Assert.Equal(0.00036, v[0], 4e-8);
        Assert.Equal(0.99, p[0], 1e-6);
        g[0] = -0.2f;
        CpuKernels.AdamStep(p.P, g.P, m.P, v.P, 2, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, 2);
        Assert.Equal(0.0439, m[0], 1e-7);
        Assert.Equal(0.000369841, v[0], 4e-8);
        Assert.Equal(0.984628324547652, p[0], 1e-6);
        Assert.Equal(0f, p[1]);
    }

    [Fact]
    public void AdamVectorAndTailAgreeWithADoubleReference()
    {
        const int n = 100_001;
        using var p = TestTensor.Random(n, 1);
        using var g = TestTensor.Random(n, 2);
        using var m = TestTensor.Random(n, 3, -0.1f, 0.1f);
        using var v = TestTensor.Random(n, 4, 0f, 0.01f);
        var (pd, gd, md, vd) = (p.ToDouble(), g.ToDouble(), m.ToDouble(), v.ToDouble());
        CpuKernels.AdamStep(p.P, g.P, m.P, v.P, n, 2e-4f, 0.5f, 0.999f, 1e-8f, 1e-3f, 7);
        for (int i = 0; i < n; i++)
        {
            double grad = gd[i] + 1e-3 * pd[i];
            md[i] = 0.5 * md[i] + 0.5 * grad;
            vd[i] = 0.999 * vd[i] + 0.001 * grad * grad;
            pd[i] -= 2e-4 / (1 - Math.Pow(0.5, 7)) * md[i] / (Math.Sqrt(vd[i]) / Math.Sqrt(1 - Math.Pow(0.999, 7)) + 1e-8);
        }
        Check.Close(md, m, "m");
        Check.Close(vd, v, "v");
        Check.Close(pd, p, "p");
    }
}
