using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>
/// One call of every kernel on fixed random data, shaped like a small DCGAN step (sizes large
/// enough that GEMMs take several K slices and tasks spread over threads). Used to check
/// allocations and thread-count independence over the whole API at once.
/// </summary>
internal sealed unsafe class KernelSuite : IDisposable
{
    private readonly ConvGeometry _conv = new(6, 16, 14, 14, 32, 7, 7, 5, 5, 2, 2);
    private readonly List<TestTensor> _tensors = [];
    private readonly TestTensor _image, _feature, _weight, _bias, _dImage, _dFeature, _dWeight, _dBias;
    private readonly TestTensor _x, _w, _b, _y, _dy, _dx, _dw, _db;
    private readonly TestTensor _bnX, _gamma, _beta, _runMean, _runVar, _bnY, _saveMean, _saveInvStd, _bnDx, _dGamma, _dBeta;
    private readonly TestTensor _logits, _dLogits, _params, _grads, _m, _v;
    private readonly TestTensor _gemmA, _gemmB, _gemmC;
    // Upsampling, dropout and noise: sized so every call splits into several tasks.
    private const int UpBatch = 4, UpChannels = 32, UpHeight = 16, UpWidth = 24;
    private const long RandomElements = 100_003;
    private readonly TestTensor _small, _up, _dUp, _dSmall, _upNearest, _dSmallNearest;
    private readonly TestTensor _input, _dropped, _mask, _dDropped, _dInput, _noisy;
    /// <summary>Moves the random kernels' Philox counter on every pass, as training steps do.</summary>
    private ulong _pass;

    public KernelSuite()
    {
        var g = _conv;
        int seed = 100;
        TestTensor Make(long n, float low = -1f, float high = 1f)
        {
            var t = TestTensor.Random(n, seed++, low, high);
            _tensors.Add(t);
            return t;
        }
        long image = (long)g.Batch * g.InChannels * g.ImageSpatial, feature = (long)g.Batch * g.OutChannels * g.FeatureSpatial;
        _image = Make(image); _feature = Make(feature); _weight = Make((long)g.OutChannels * g.PatchSize);
        _bias = Make(g.OutChannels); _dImage = Make(image); _dFeature = Make(feature);
        _dWeight = Make(_weight.Length); _dBias = Make(g.OutChannels);
        _x = Make(37 * 300); _w = Make(301 * 300); _b = Make(301); _y = Make(37 * 301); _dy = Make(37 * 301);
        _dx = Make(37 * 300); _dw = Make(301 * 300); _db = Make(301);
        _bnX = Make(feature); _gamma = Make(32, 0.5f, 1.5f); _beta = Make(32); _runMean = Make(32); _runVar = Make(32, 0.5f, 1.5f);
        _bnY = Make(feature); _saveMean = Make(32); _saveInvStd = Make(32); _bnDx = Make(feature); _dGamma = Make(32); _dBeta = Make(32);
        _logits = Make(64, -3f, 3f); _dLogits = Make(64);
        _params = Make(70_001); _grads = Make(70_001); _m = Make(70_001); _v = Make(70_001, 0f, 0.01f);
        _gemmA = Make(133 * 700); _gemmB = Make(700 * 301); _gemmC = Make(133 * 301);
        long small = (long)UpBatch * UpChannels * UpHeight * UpWidth;
        _small = Make(small); _up = Make(4 * small); _dUp = Make(4 * small); _dSmall = Make(small);
        _upNearest = Make(4 * small); _dSmallNearest = Make(small);
        _input = Make(RandomElements); _dropped = Make(RandomElements); _mask = Make(RandomElements);
        _dDropped = Make(RandomElements); _dInput = Make(RandomElements); _noisy = Make(RandomElements);
    }

    /// <summary>Every output tensor, in a fixed order.</summary>
    public IEnumerable<(string Name, float[] Values)> Outputs() => _tensors.Select((t, i) => ($"tensor {i}", t.ToArray()));

    public void RunAll()
    {
        var g = _conv;
        Gemm.Multiply(false, true, 133, 301, 700, _gemmA.P, 700, _gemmB.P, 700, _gemmC.P, 301, accumulate: true);
        CpuKernels.Conv2dForward(g, _image.P, _weight.P, _bias.P, _feature.P, Activation.LeakyRelu, 0.2f);
        CpuKernels.Conv2dBackwardData(g, _dFeature.P, _weight.P, _dImage.P);
        CpuKernels.Conv2dBackwardFilter(g, _image.P, _dFeature.P, _dWeight.P);
        CpuKernels.BiasBackward(_dFeature.P, _dBias.P, g.Batch, g.OutChannels, g.FeatureSpatial);
        CpuKernels.ConvTranspose2dForward(g, _feature.P, _weight.P, null, _image.P, Activation.Tanh, 0f);
        CpuKernels.ConvTranspose2dBackwardData(g, _dImage.P, _weight.P, _dFeature.P);
        CpuKernels.ConvTranspose2dBackwardFilter(g, _feature.P, _dImage.P, _dWeight.P);
        CpuKernels.LinearForward(_x.P, _w.P, _b.P, _y.P, 37, 300, 301, Activation.Relu, 0f);
        CpuKernels.LinearBackward(_x.P, _w.P, _dy.P, _dx.P, _dw.P, _db.P, 37, 300, 301);
        CpuKernels.BatchNormForwardTraining(_bnX.P, _gamma.P, _beta.P, _runMean.P, _runVar.P, _bnY.P, _saveMean.P, _saveInvStd.P,
            g.Batch, g.OutChannels, g.FeatureSpatial, 1e-5f, 0.1f, Activation.LeakyRelu, 0.2f);
        CpuKernels.BatchNormForwardInference(_bnX.P, _gamma.P, _beta.P, _runMean.P, _runVar.P, _bnY.P,
            g.Batch, g.OutChannels, g.FeatureSpatial, 1e-5f, Activation.None, 0f);
        CpuKernels.BatchNormBackward(_bnX.P, _dFeature.P, _gamma.P, _saveMean.P, _saveInvStd.P, _bnDx.P, _dGamma.P, _dBeta.P,
            g.Batch, g.OutChannels, g.FeatureSpatial);
        CpuKernels.ActivationForward(_bnY.P, _bnY.P, _bnY.Length, Activation.Sigmoid, 0f);
        CpuKernels.ActivationBackward(_bnY.P, _bnDx.P, _bnDx.P, _bnY.Length, Activation.Sigmoid, 0f);
        CpuKernels.BceWithLogits(_logits.P, 64, 1f, _dLogits.P, 1f);
        CpuKernels.BceOnProbabilities(_saveInvStd.P, 32, 0f, _dGamma.P, 1f);
        CpuKernels.AdamStep(_params.P, _grads.P, _m.P, _v.P, _params.Length, 2e-4f, 0.5f, 0.999f, 1e-8f, 1e-4f, 3);
        CpuKernels.Copy(_dBias.P, _dBeta.P, 32);
        CpuKernels.Clear(_dLogits.P, 8);

        ulong offset = _pass++;
        CpuKernels.UpsampleBilinear2x(_small.P, _up.P, UpBatch, UpChannels, UpHeight, UpWidth);
        CpuKernels.UpsampleBilinear2xBackward(_dUp.P, _dSmall.P, UpBatch, UpChannels, UpHeight, UpWidth);
        CpuKernels.UpsampleNearest2x(_small.P, _upNearest.P, UpBatch, UpChannels, UpHeight, UpWidth);
        CpuKernels.UpsampleNearest2xBackward(_dUp.P, _dSmallNearest.P, UpBatch, UpChannels, UpHeight, UpWidth);
        CpuKernels.DropoutForward(_input.P, _dropped.P, _mask.P, RandomElements, 0.3f, 5, 1, offset);
        CpuKernels.DropoutForward(_input.P, _dropped.P, _mask.P, RandomElements, 0f, 5, 1, offset);
        CpuKernels.DropoutForward(_input.P, _dropped.P, _mask.P, RandomElements, 0.3f, 5, 1, offset);
        CpuKernels.DropoutBackward(_dDropped.P, _mask.P, _dInput.P, RandomElements);
        CpuKernels.AddGaussianNoise(_input.P, _noisy.P, RandomElements, 0.1f, 6, 2, offset);
        CpuKernels.AddGaussianNoise(_noisy.P, _noisy.P, RandomElements, 0.1f, 6, 3, offset); // in place
        CpuKernels.AddGaussianNoise(_noisy.P, _noisy.P, RandomElements, 0f, 6, 3, offset);
    }

    public void Dispose()
    {
        foreach (var t in _tensors) t.Dispose();
    }
}
