using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>Linear, the standalone activations and batch norm against the double references.</summary>
public sealed unsafe class DenseLayerTests
{
    [Theory]
    [InlineData(3, 5, 7, Activation.None)]
    [InlineData(3, 17, 33, Activation.Relu)]
    [InlineData(64, 100, 65, Activation.LeakyRelu)]
    [InlineData(5, 130, 1, Activation.Sigmoid)]
    public void LinearMatchesReference(int batch, int inF, int outF, Activation act)
    {
        using var x = TestTensor.Random(batch * inF, 1);
        using var w = TestTensor.Random(outF * inF, 2);
        using var b = TestTensor.Random(outF, 3);
        using var y = new TestTensor(batch * outF);
        CpuKernels.LinearForward(x.P, w.P, b.P, y.P, batch, inF, outF, act, 0.01f);
        Check.Close(Reference.Linear(x.ToDouble(), w.ToDouble(), b.ToDouble(), batch, inF, outF, act, 0.01), y, "y");

        using var dy = TestTensor.Random(batch * outF, 4);
        using var dx = TestTensor.Random(batch * inF, 5);
        using var dw = TestTensor.Random(outF * inF, 6);
        using var db = TestTensor.Random(outF, 7);
        var dwBefore = dw.ToDouble();
        var dbBefore = db.ToDouble();
        CpuKernels.LinearBackward(x.P, w.P, dy.P, dx.P, dw.P, db.P, batch, inF, outF);
        var dyD = dy.ToDouble();
        Check.Close(Reference.Gemm(false, false, batch, inF, outF, dyD, outF, w.ToDouble(), inF, null, inF), dx, "dx");
        Check.Close(Reference.Gemm(true, false, outF, inF, batch, dyD, outF, x.ToDouble(), inF, dwBefore, inF), dw, "dw");
        var dbExpected = Reference.BiasGradient(dyD, batch, outF, 1);
        for (int i = 0; i < outF; i++) dbExpected[i] += dbBefore[i];
        Check.Close(dbExpected, db, "dbias");
    }

    [Fact]
    public void LinearBackwardSkipsNullOutputs()
    {
        using var x = TestTensor.Random(12, 1);
        using var w = TestTensor.Random(8, 2);
        using var dy = TestTensor.Random(6, 3);
        using var dw = TestTensor.Random(8, 4);
        var before = dw.ToArray();
        CpuKernels.LinearBackward(x.P, w.P, dy.P, null, null, null, 3, 4, 2);
        Assert.Equal(before, dw.ToArray());
    }

    [Theory]
    [InlineData(Activation.None)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    public void ActivationsMatchReferenceInPlaceAndOutOfPlace(Activation act)
    {
        const int n = 100_003; // several parallel chunks plus a ragged SIMD tail
        using var x = TestTensor.Random(n, 1, -4f, 4f);
        using var y = new TestTensor(n);
        CpuKernels.ActivationForward(x.P, y.P, n, act, 0.2f);
        var expected = x.ToDouble().Select(v => Reference.Activate(v, act, 0.2)).ToArray();
        Check.Close(expected, y, "y", 1e-6);
        using var inPlace = x.Clone();
        CpuKernels.ActivationForward(inPlace.P, inPlace.P, n, act, 0.2f);
        Check.BitIdentical(y.ToArray(), inPlace.ToArray(), "in place");

        using var dy = TestTensor.Random(n, 2);
        using var dx = new TestTensor(n);
        CpuKernels.ActivationBackward(y.P, dy.P, dx.P, n, act, 0.2f);
        var dyExpected = new double[n];
        for (int i = 0; i < n; i++)
        {
            double o = y[i];
            double derivative = act switch
            {
                Activation.Relu => o > 0 ? 1 : 0,
                Activation.LeakyRelu => o > 0 ? 1 : 0.2,
                Activation.Sigmoid => o * (1 - o),
                Activation.Tanh => 1 - o * o,
                _ => 1,
            };
            dyExpected[i] = dy[i] * derivative;
        }
        Check.Close(dyExpected, dx, "dx", 1e-6);
        CpuKernels.ActivationBackward(y.P, dy.P, dy.P, n, act, 0.2f);
        Check.BitIdentical(dx.ToArray(), dy.ToArray(), "dx in place");
    }

    [Theory]
    [InlineData(3, 5, 1, Activation.None)]      // BatchNorm1d
    [InlineData(3, 5, 49, Activation.LeakyRelu)] // BatchNorm2d on 7x7
    [InlineData(64, 33, 1, Activation.Relu)]
    [InlineData(2, 3, 200, Activation.Tanh)]
    public void BatchNormMatchesReference(int batch, int channels, int spatial, Activation act)
    {
        long size = (long)batch * channels * spatial;
        using var x = TestTensor.Random(size, 1, -2f, 3f);
        using var gamma = TestTensor.Random(channels, 2, 0.5f, 1.5f);
        using var beta = TestTensor.Random(channels, 3);
        using var runningMean = TestTensor.Random(channels, 4);
        using var runningVar = TestTensor.Random(channels, 5, 0.5f, 2f);
        var meanBefore = runningMean.ToDouble();
        var varBefore = runningVar.ToDouble();
        using var y = new TestTensor(size);
        using var saveMean = new TestTensor(channels);
        using var saveInvStd = new TestTensor(channels);
        const float eps = 1e-5f, momentum = 0.1f;
        CpuKernels.BatchNormForwardTraining(x.P, gamma.P, beta.P, runningMean.P, runningVar.P, y.P, saveMean.P, saveInvStd.P,
            batch, channels, spatial, eps, momentum, act, 0.01f);
        var r = Reference.BatchNorm(x.ToDouble(), gamma.ToDouble(), beta.ToDouble(), batch, channels, spatial, eps, act, 0.01);
        Check.Close(r.Y, y, "y");
        Check.Close(r.Mean, saveMean, "saveMean");
        Check.Close(r.InvStd, saveInvStd, "saveInvStd");
        int m = batch * spatial;
        Check.Close(meanBefore.Select((v, c) => 0.9 * v + 0.1 * r.Mean[c]).ToArray(), runningMean, "runningMean");
        Check.Close(varBefore.Select((v, c) => 0.9 * v + 0.1 * r.Var[c] * m / (m - 1)).ToArray(), runningVar, "runningVar");

        // Inference with the updated running statistics.
        using var yInference = new TestTensor(size);
        CpuKernels.BatchNormForwardInference(x.P, gamma.P, beta.P, runningMean.P, runningVar.P, yInference.P, batch, channels, spatial, eps, act, 0.01f);
        var expected = new double[size];
        for (long i = 0; i < size; i++)
        {
            int c = (int)(i / spatial % channels);
            double xhat = (x[i] - runningMean[c]) / Math.Sqrt(runningVar[c] + eps);
            expected[i] = Reference.Activate(gamma[c] * xhat + beta[c], act, 0.01);
        }
        Check.Close(expected, yInference, "y inference");
    }

    [Fact]
    public void BatchNormBackwardMatchesTheClosedForm()
    {
        const int batch = 3, channels = 5, spatial = 49;
        long size = batch * channels * spatial;
        using var x = TestTensor.Random(size, 1, -2f, 3f);
        using var gamma = TestTensor.Random(channels, 2, 0.5f, 1.5f);
        using var beta = TestTensor.Random(channels, 3);
        using var y = new TestTensor(size);
        using var saveMean = new TestTensor(channels);
        using var saveInvStd = new TestTensor(channels);
        CpuKernels.BatchNormForwardTraining(x.P, gamma.P, beta.P, null, null, y.P, saveMean.P, saveInvStd.P, batch, channels, spatial, 1e-5f, 0.1f, Activation.None, 0f);
        using var dy = TestTensor.Random(size, 4);
        using var dx = new TestTensor(size);
        using var dgamma = TestTensor.Random(channels, 5);
        using var dbeta = TestTensor.Random(channels, 6);
        var dgammaExpected = dgamma.ToDouble();
        var dbetaExpected = dbeta.ToDouble();
        CpuKernels.BatchNormBackward(x.P, dy.P, gamma.P, saveMean.P, saveInvStd.P, dx.P, dgamma.P, dbeta.P, batch, channels, spatial);

        var r = Reference.BatchNorm(x.ToDouble(), gamma.ToDouble(), beta.ToDouble(), batch, channels, spatial, 1e-5, Activation.None, 0);
        var dxExpected = new double[size];
        int m = batch * spatial;
        for (int c = 0; c < channels; c++)
        {
            double sumDy = 0, sumDyXhat = 0;
            for (int n = 0; n < batch; n++)
                for (int s = 0; s < spatial; s++)
                {
                    int i = (n * channels + c) * spatial + s;
                    sumDy += dy[i];
                    sumDyXhat += dy[i] * (x[i] - r.Mean[c]) * r.InvStd[c];
                }
            dbetaExpected[c] += sumDy;
            dgammaExpected[c] += sumDyXhat;
            for (int n = 0; n < batch; n++)
                for (int s = 0; s < spatial; s++)
                {
                    int i = (n * channels + c) * spatial + s;
                    double xhat = (x[i] - r.Mean[c]) * r.InvStd[c];
                    dxExpected[i] = gamma[c] * r.InvStd[c] / m * (m * dy[i] - sumDy - xhat * sumDyXhat);
                }
        }
        Check.Close(dxExpected, dx, "dx");
        Check.Close(dgammaExpected, dgamma, "dgamma");
        Check.Close(dbetaExpected, dbeta, "dbeta");
    }
}
