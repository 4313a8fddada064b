using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>
/// Each backward kernel against central differences of its forward kernel, for the objective
/// sum(r * y) with a random r. Run in float32, so the step is large (1e-2) and the tolerance
/// loose (1e-3 of the largest gradient); a wrong index, transpose or missing term is off by O(1).
/// </summary>
public sealed unsafe class GradientCheckTests
{
    private const double Tolerance = 2e-3;

    private static double Dot(TestTensor r, TestTensor y)
    {
        double sum = 0;
        for (long i = 0; i < y.Length; i++) sum += (double)r[i] * y[i];
        return sum;
    }

    /// <summary>Compares analytic[i] with (f(x+e) - f(x-e)) / (actual 2e) for every element of x.</summary>
    private static void AssertGradient(string name, TestTensor x, TestTensor analytic, Func<double> objective, float step = 1e-2f)
    {
        var numeric = new double[x.Length];
        for (long i = 0; i < x.Length; i++)
        {
            float saved = x[i];
            x[i] = saved + step;
            float up = x[i];
            double fUp = objective();
            x[i] = saved - step;
            float down = x[i];
            double fDown = objective();
            x[i] = saved;
            numeric[i] = (fUp - fDown) / ((double)up - down);
        }
        Check.Close(numeric, analytic.ToDouble(), name, Tolerance, Tolerance);
    }

    [Fact]
    public void LinearWithTanh()
    {
        const int batch = 3, inF = 5, outF = 4;
        using var x = TestTensor.Random(batch * inF, 1);
        using var w = TestTensor.Random(outF * inF, 2);
        using var b = TestTensor.Random(outF, 3);
        using var y = new TestTensor(batch * outF);
        using var r = TestTensor.Random(batch * outF, 4);
        double Objective()
        {
            CpuKernels.LinearForward(x.P, w.P, b.P, y.P, batch, inF, outF, Activation.Tanh, 0f);
            return Dot(r, y);
        }
        Objective();
        using var dz = new TestTensor(batch * outF);
        CpuKernels.ActivationBackward(y.P, r.P, dz.P, dz.Length, Activation.Tanh, 0f);
        using var dx = new TestTensor(x.Length);
        using var dw = new TestTensor(w.Length);
        using var db = new TestTensor(b.Length);
        CpuKernels.LinearBackward(x.P, w.P, dz.P, dx.P, dw.P, db.P, batch, inF, outF);
        AssertGradient("dx", x, dx, Objective);
        AssertGradient("dw", w, dw, Objective);
        AssertGradient("dbias", b, db, Objective);
    }

    [Fact]
    public void Conv2dWithBiasAndSigmoid()
    {
        var g = new ConvGeometry(2, 3, 7, 7, 4, 4, 4, 3, 3, 2, 1);
        using var x = TestTensor.Random(2 * 3 * 49, 1);
        using var w = TestTensor.Random(4 * 3 * 9, 2);
        using var b = TestTensor.Random(4, 3);
        using var y = new TestTensor(2 * 4 * 16);
        using var r = TestTensor.Random(y.Length, 4);
        double Objective()
        {
            CpuKernels.Conv2dForward(g, x.P, w.P, b.P, y.P, Activation.Sigmoid, 0f);
            return Dot(r, y);
        }
        Objective();
        using var dz = new TestTensor(y.Length);
        CpuKernels.ActivationBackward(y.P, r.P, dz.P, dz.Length, Activation.Sigmoid, 0f);
        using var dx = new TestTensor(x.Length);
        using var dw = new TestTensor(w.Length);
        using var db = new TestTensor(b.Length);
        CpuKernels.Conv2dBackwardData(g, dz.P, w.P, dx.P);
        CpuKernels.Conv2dBackwardFilter(g, x.P, dz.P, dw.P);
        CpuKernels.BiasBackward(dz.P, db.P, g.Batch, g.OutChannels, g.FeatureSpatial);
        AssertGradient("dx", x, dx, Objective);
        AssertGradient("dw", w, dw, Objective);
        AssertGradient("dbias", b, db, Objective);
    }

    [Fact]
    public void ConvTranspose2dWithOutputPaddingBiasAndTanh()
    {
        // k5 s2 p2 from 7x7 to 14x14: PyTorch's ConvTranspose2d(output_padding=1).
        var g = new ConvGeometry(2, 2, 14, 14, 3, 7, 7, 5, 5, 2, 2);
        using var x = TestTensor.Random(2 * 3 * 49, 1);
        using var w = TestTensor.Random(3 * 2 * 25, 2, -0.3f, 0.3f);
        using var b = TestTensor.Random(2, 3);
        using var y = new TestTensor(2 * 2 * 196);
        using var r = TestTensor.Random(y.Length, 4);
        double Objective()
        {
            CpuKernels.ConvTranspose2dForward(g, x.P, w.P, b.P, y.P, Activation.Tanh, 0f);
            return Dot(r, y);
        }
        Objective();
        using var dz = new TestTensor(y.Length);
        CpuKernels.ActivationBackward(y.P, r.P, dz.P, dz.Length, Activation.Tanh, 0f);
        using var dx = new TestTensor(x.Length);
        using var dw = new TestTensor(w.Length);
        using var db = new TestTensor(b.Length);
        CpuKernels.ConvTranspose2dBackwardData(g, dz.P, w.P, dx.P);
        CpuKernels.ConvTranspose2dBackwardFilter(g, x.P, dz.P, dw.P);
        CpuKernels.BiasBackward(dz.P, db.P, g.Batch, g.InChannels, g.ImageSpatial);
        AssertGradient("dx", x, dx, Objective);
        AssertGradient("dw", w, dw, Objective);
        AssertGradient("dbias", b, db, Objective);
    }

    [Theory]
    [InlineData(4, 3, 1)]
    [InlineData(3, 5, 9)]
    public void BatchNormTraining(int batch, int channels, int spatial)
    {
        long size = (long)batch * channels * spatial;
        using var x = TestTensor.Random(size, 1, -2f, 2f);
        using var gamma = TestTensor.Random(channels, 2, 0.5f, 1.5f);
        using var beta = TestTensor.Random(channels, 3);
        using var y = new TestTensor(size);
        using var mean = new TestTensor(channels);
        using var invStd = new TestTensor(channels);
        using var r = TestTensor.Random(size, 4);
        double Objective()
        {
            CpuKernels.BatchNormForwardTraining(x.P, gamma.P, beta.P, null, null, y.P, mean.P, invStd.P,
                batch, channels, spatial, 1e-5f, 0.1f, Activation.None, 0f);
            return Dot(r, y);
        }
        Objective();
        using var dx = new TestTensor(size);
        using var dgamma = new TestTensor(channels);
        using var dbeta = new TestTensor(channels);
        CpuKernels.BatchNormBackward(x.P, r.P, gamma.P, mean.P, invStd.P, dx.P, dgamma.P, dbeta.P, batch, channels, spatial);
        AssertGradient("dx", x, dx, Objective, 1e-3f);
        AssertGradient("dgamma", gamma, dgamma, Objective, 1e-3f);
        AssertGradient("dbeta", beta, dbeta, Objective, 1e-3f);
    }

    [Theory]
    [InlineData(Activation.None)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    public void Activation_(Activation act)
    {
        const int n = 67;
        using var x = TestTensor.Random(n, 1, -2f, 2f);
        for (int i = 0; i < n; i++)
            if (MathF.Abs(x[i]) < 0.05f) x[i] += 0.1f; // keep central differences off ReLU's kink
        using var y = new TestTensor(n);
        using var r = TestTensor.Random(n, 2);
        double Objective()
        {
            CpuKernels.ActivationForward(x.P, y.P, n, act, 0.2f);
            return Dot(r, y);
        }
        Objective();
        using var dx = new TestTensor(n);
        CpuKernels.ActivationBackward(y.P, r.P, dx.P, n, act, 0.2f);
        AssertGradient("dx", x, dx, Objective, 1e-3f);
    }

    [Fact]
    public void BceWithLogitsGradientIsTheLossDerivative()
    {
        const int n = 9;
        using var logits = TestTensor.Random(n, 1, -4f, 4f);
        using var grad = new TestTensor(n);
        CpuKernels.BceWithLogits(logits.P, n, 0.9f, grad.P, 1f);
        AssertGradient("dlogits", logits, grad, () => CpuKernels.BceWithLogits(logits.P, n, 0.9f, null, 1f), 1e-2f);
    }

    [Fact]
    public void BceOnProbabilitiesGradientIsTheDerivativeThroughTheSigmoid()
    {
        const int n = 9;
        using var logits = TestTensor.Random(n, 1, -4f, 4f);
        using var probs = new TestTensor(n);
        using var grad = new TestTensor(n);
        CpuKernels.ActivationForward(logits.P, probs.P, n, Activation.Sigmoid, 0f);
        CpuKernels.BceOnProbabilities(probs.P, n, 1f, grad.P, 1f);
        double Objective()
        {
            CpuKernels.ActivationForward(logits.P, probs.P, n, Activation.Sigmoid, 0f);
            return CpuKernels.BceOnProbabilities(probs.P, n, 1f, null, 1f);
        }
        AssertGradient("dlogits", logits, grad, Objective, 1e-2f);
    }
}
