using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// Sets up each kind of generated kernel against the CPU kernel the compiled C# step calls for the same statement,
/// with the constants the table gives (so a perturbed spec perturbs the CPU side only): random inputs, outputs
/// starting from the same values on both sides (accumulating kernels add to them), and each output's tolerance.
/// </summary>
internal static unsafe class KernelCases
{
    /// <summary>A small batch, not a multiple of anything a kernel blocks by.</summary>
    public const int Batch = 3;
    public const ulong Seed = 0x5EED_0000_0000_0007;
    /// <summary>The device step counter's value: the Philox offset is step &lt;&lt; 32.</summary>
    public const ulong Step = 5;
    /// <summary>LatentSampler's stream in the trainer.</summary>
    public const ulong LatentStream = LatentSampler.TrainingStream;
    /// <summary>A smoothed real target, so the target is not the trivial 1.</summary>
    public const float Target = 0.9f;

    private const double Epsilon = ReductionBounds.FloatEpsilon;

    /// <summary>
    /// The case of <paramref name="spec"/>; a split reduction's combining kernel (named by its CombinedBy) is found in
    /// <paramref name="table"/>, the model's own table unless given, and runs inside its partial pass's case.
    /// </summary>
    public static KernelCase Create(CudaKernelSpec spec, ZooModel model, int batch = Batch, IReadOnlyList<CudaKernelSpec>? table = null)
    {
        var c = new KernelCase(spec, batch);
        if (spec.Launch == CudaLaunch.SplitReduction) SplitScratch(c, table ?? model.Kernels);
        var random = new Random(StableSeed(spec.Name) ^ batch);
        switch (spec.Kind)
        {
            case CudaKernelKind.BiasActivation: BiasActivation(c, model, random); break;
            case CudaKernelKind.ActivationForward: ActivationForward(c, random); break;
            case CudaKernelKind.ActivationBackward: ActivationBackward(c, random); break;
            case CudaKernelKind.BiasGradient: BiasGradient(c, random); break;
            case CudaKernelKind.UpsampleNearest:
            case CudaKernelKind.UpsampleBilinear:
            case CudaKernelKind.UpsampleNearestBackward:
            case CudaKernelKind.UpsampleBilinearBackward: Upsample(c, random); break;
            case CudaKernelKind.Dropout: Dropout(c, model.DropoutRate, random); break;
            case CudaKernelKind.DropoutBackward: DropoutBackward(c, random); break;
            case CudaKernelKind.GaussianNoise: GaussianNoise(c, model.InputNoise, random); break;
            case CudaKernelKind.Copy: Copy(c, random); break;
            case CudaKernelKind.BceWithLogits:
            case CudaKernelKind.BceOnProbabilities: Bce(c, random); break;
            case CudaKernelKind.SoftmaxCrossEntropy: SoftmaxCrossEntropy(c, random); break;
            case CudaKernelKind.CountCorrect: CountCorrect(c, random); break;
            case CudaKernelKind.Adam: Adam(c, model.Adam[spec.Net], random); break;
            case CudaKernelKind.LatentNormal:
            case CudaKernelKind.LatentUniform: Latent(c, model.Latent, counter: 6, Seed, LatentStream); break;
            case CudaKernelKind.AdvanceLatentCounter: AdvanceLatentCounter(c, model.Latent, counter: 6); break;
            case CudaKernelKind.AdvanceCounter: AdvanceCounter(c); break;
            case CudaKernelKind.AdamBeginStep: AdamBeginStep(c, model.Adam[spec.Net]); break;
            case CudaKernelKind.GatherBatch: GatherBatch(c, model, random); break;
            default: throw new NotSupportedException($"{spec.Name}: no CPU counterpart set up for {spec.Kind}");
        }
        return c;
    }

    /// <summary>
    /// A split reduction's scratch, NaN to start with (a part the combine reads but the partial pass did not write would
    /// show as a NaN result), and its combining launch.
    /// </summary>
    private static void SplitScratch(KernelCase c, IReadOnlyList<CudaKernelSpec> table)
    {
        var s = c.Spec;
        c.Argument("partials", Twin.Floats(Enumerable.Repeat(float.NaN, 2 * s.Channels * s.MaxSplitParts).ToArray()));
        c.CombineWith(table.Single(k => k.Name == s.CombinedBy));
    }

    /// <summary>The tolerance of a value that went through <paramref name="activation"/>.</summary>
    public static Tolerance After(Activation activation, Tolerance otherwise) =>
        activation is Activation.Sigmoid or Activation.Tanh ? Tolerance.Transcendental with { Absolute = otherwise.Absolute } : otherwise;

    // The layer's own forward call twice: without bias and activation (what cuBLAS or cuDNN leaves for the
    // epilogue), then as the step makes it. The epilogue applied to the first must give the second.
    private static void BiasActivation(KernelCase c, ZooModel model, Random random)
    {
        var s = c.Spec;
        int n = c.Batch;
        var layer = model.Layers.Single(l => l.Net == s.Net && l.Index == s.Layer);
        var weight = model.Tensors.Single(t => t.Net == s.Net && t.Layer == s.Layer && t.Role == TensorRole.Weight);
        float scale = 2f / MathF.Sqrt(weight.FanIn);
        var x = c.CpuOnly(Twin.Floats(Values(random, n * Size(layer.InputShape), -1f, 1f)));
        var w = c.CpuOnly(Twin.Floats(Values(random, weight.Length, -scale, scale)));
        var bias = Twin.Floats(Values(random, layer.OutputShape[0], -0.5f, 0.5f));
        if (c.Takes("bias")) c.Argument("bias", bias);
        else c.CpuOnly(bias);

        var preActivation = new float[n * Size(layer.OutputShape)];
        fixed (float* z = preActivation) LayerForward(layer, n, x.CpuFloats, w.CpuFloats, null, z, Activation.None, 0f);
        var y = c.Argument("y", Twin.Floats(preActivation));
        LayerForward(layer, n, x.CpuFloats, w.CpuFloats, c.Takes("bias") ? bias.CpuFloats : null, y.CpuFloats, s.Activation, s.Slope);
        c.Compare("y", After(s.Activation, Tolerance.Exact));
    }

    private static void LayerForward(LayerSpec layer, int n, float* x, float* w, float* bias, float* y, Activation act, float slope)
    {
        switch (layer.Op)
        {
            case LayerOp.Linear:
                CpuKernels.LinearForward(x, w, bias, y, n, Size(layer.InputShape), Size(layer.OutputShape), act, slope);
                break;
            case LayerOp.Conv2d:
                CpuKernels.Conv2dForward(Geometry(layer, n), x, w, bias, y, act, slope);
                break;
            case LayerOp.ConvTranspose2d:
                CpuKernels.ConvTranspose2dForward(Geometry(layer, n), x, w, bias, y, act, slope);
                break;
            default:
                throw new NotSupportedException($"layer {layer.Index} ({layer.Op}) has no bias epilogue");
        }
    }

    /// <summary>The step's ConvGeometry of a layer: seen in the Conv2d direction, image side first.</summary>
    private static ConvGeometry Geometry(LayerSpec l, int n)
    {
        var (image, feature) = l.Op == LayerOp.Conv2d ? (l.InputShape, l.OutputShape) : (l.OutputShape, l.InputShape);
        return new(n, image[0], image[1], image[2], feature[0], feature[1], feature[2], l.Kernel, l.Kernel, l.Stride, l.Padding);
    }

    private static void ActivationForward(KernelCase c, Random random)
    {
        long count = c.Spec.Elements(c.Batch);
        var x = c.Argument("x", Twin.Floats(Values(random, count, -4f, 4f)));
        var y = c.Argument("y", Twin.Floats(Values(random, count, -1f, 1f)));
        CpuKernels.ActivationForward(x.CpuFloats, y.CpuFloats, count, c.Spec.Activation, c.Spec.Slope);
        c.Compare("y", After(c.Spec.Activation, Tolerance.Exact));
    }

    private static void ActivationBackward(KernelCase c, Random random)
    {
        long count = c.Spec.Elements(c.Batch);
        var (low, high) = c.Spec.Activation == Activation.Sigmoid ? (0f, 1f) : (-1f, 1f);
        var outputs = Values(random, count, low, high);
        for (long i = 0; i < count; i += 7) outputs[i] = 0f; // ReLU's kink: y = 0 passes no gradient
        var y = c.Argument("y", Twin.Floats(outputs));
        var dy = c.Argument("dy", Twin.Floats(Values(random, count, -1f, 1f)));
        var dx = c.Argument("dx", Twin.Floats(Values(random, count, -1f, 1f)));
        CpuKernels.ActivationBackward(y.CpuFloats, dy.CpuFloats, dx.CpuFloats, count, c.Spec.Activation, c.Spec.Slope);
        c.Compare("dx", Tolerance.Exact);
    }

    private static void BiasGradient(KernelCase c, Random random)
    {
        var s = c.Spec;
        int n = c.Batch, spatial = checked((int)s.Spatial);
        var dyValues = Values(random, (long)n * s.Channels * spatial, -1f, 1f);
        var dy = c.Argument("dy", Twin.Floats(dyValues));
        var dbias = c.Argument("dbias", Twin.Floats(Values(random, s.Channels, -0.1f, 0.1f)));
        CpuKernels.BiasBackward(dy.CpuFloats, dbias.CpuFloats, n, s.Channels, spatial);
        // Split into parts summed in double and added in double, the GPU's sum is within a few double roundings of the
        // exact one; the CPU's float lanes within a float rounding of Σ|dy|: that, at the worst channel, is the bound.
        c.Compare("dbias", ReductionBounds.Sum(ReductionBounds.MaxChannelSum(n, s.Channels, spatial, (i, _) => Math.Abs(dyValues[i])), "dy"));
    }

    private static void Upsample(KernelCase c, Random random)
    {
        var s = c.Spec;
        int n = c.Batch;
        long small = (long)n * s.Channels * s.Height * s.Width;
        bool backward = s.Kind is CudaKernelKind.UpsampleNearestBackward or CudaKernelKind.UpsampleBilinearBackward;
        var (input, output) = backward ? ("dy", "dx") : ("x", "y");
        var from = c.Argument(input, Twin.Floats(Values(random, backward ? 4 * small : small, -1f, 1f)));
        var to = c.Argument(output, Twin.Floats(Values(random, backward ? small : 4 * small, -1f, 1f)));
        float* f = from.CpuFloats, t = to.CpuFloats;
        switch (s.Kind)
        {
            case CudaKernelKind.UpsampleNearest: CpuKernels.UpsampleNearest2x(f, t, n, s.Channels, s.Height, s.Width); break;
            case CudaKernelKind.UpsampleBilinear: CpuKernels.UpsampleBilinear2x(f, t, n, s.Channels, s.Height, s.Width); break;
            case CudaKernelKind.UpsampleNearestBackward: CpuKernels.UpsampleNearest2xBackward(f, t, n, s.Channels, s.Height, s.Width); break;
            default: CpuKernels.UpsampleBilinear2xBackward(f, t, n, s.Channels, s.Height, s.Width); break;
        }
        c.Compare(output, Tolerance.Exact);
    }

    public static void Dropout(KernelCase c, float rate, Random random)
    {
        long count = c.Spec.Elements(c.Batch);
        var x = c.Argument("x", Twin.Floats(Values(random, count, -1f, 1f)));
        var y = c.Argument("y", Twin.Floats(Values(random, count, -1f, 1f)));
        var mask = c.Argument("mask", Twin.Floats(Values(random, count, -1f, 1f)));
        c.Scalar("rate", rate);
        c.Scalar("seed", Seed);
        c.Argument("step", Twin.Counter(Step));
        CpuKernels.DropoutForward(x.CpuFloats, y.CpuFloats, mask.CpuFloats, count, rate, Seed, c.Spec.Stream, Step << 32);
        c.Compare("y", Tolerance.Exact);
        c.Compare("mask", Tolerance.Exact);
    }

    private static void DropoutBackward(KernelCase c, Random random)
    {
        long count = c.Spec.Elements(c.Batch);
        var multipliers = Values(random, count, 0f, 1f).Select(u => u > 0.5f ? 2f : 0f).ToArray();
        var dy = c.Argument("dy", Twin.Floats(Values(random, count, -1f, 1f)));
        var mask = c.Argument("mask", Twin.Floats(multipliers));
        var dx = c.Argument("dx", Twin.Floats(Values(random, count, -1f, 1f)));
        CpuKernels.DropoutBackward(dy.CpuFloats, mask.CpuFloats, dx.CpuFloats, count);
        c.Compare("dx", Tolerance.Exact);
    }

    public static void GaussianNoise(KernelCase c, float sigma, Random random)
    {
        long count = c.Spec.Elements(c.Batch);
        var x = c.Argument("x", Twin.Floats(Values(random, count, -1f, 1f)));
        var y = c.Argument("y", Twin.Floats(Values(random, count, -1f, 1f)));
        c.Scalar("sigma", sigma);
        c.Scalar("seed", Seed);
        c.Argument("step", Twin.Counter(Step));
        CpuKernels.AddGaussianNoise(x.CpuFloats, y.CpuFloats, count, sigma, Seed, c.Spec.Stream, Step << 32);
        // z may be an ulp off (sincospi, log): sigma times that, then y's own rounding.
        c.Compare("y", new Tolerance(1, sigma * 8 * 1.2e-7, 0, "normals an ulp apart, times sigma"));
    }

    private static void Copy(KernelCase c, Random random)
    {
        long count = c.Spec.Elements(c.Batch);
        var x = c.Argument("x", Twin.Floats(Values(random, count, -1f, 1f)));
        var y = c.Argument("y", Twin.Floats(Values(random, count, -1f, 1f)));
        CpuKernels.Copy(x.CpuFloats, y.CpuFloats, count);
        c.Compare("y", Tolerance.Exact);
    }

    private static void Bce(KernelCase c, Random random)
    {
        int n = c.Batch;
        bool probabilities = c.Spec.Kind == CudaKernelKind.BceOnProbabilities;
        var values = probabilities ? Values(random, n, 0.01f, 0.99f) : Values(random, n, -6f, 6f);
        if (probabilities) values[0] = 1f; // log(1 - p) is clamped at -100, the sigmoid's slope floored at 1e-12
        var input = c.Argument(probabilities ? "probabilities" : "logits", Twin.Floats(values));
        var dlogits = c.Argument("dlogits", Twin.Floats(Values(random, n, -1f, 1f)));
        var loss = c.Argument("loss", Twin.Floats([-1f]));
        c.Scalar("target", Target);
        *loss.CpuFloats = probabilities
            ? CpuKernels.BceOnProbabilities(input.CpuFloats, n, Target, dlogits.CpuFloats, c.Spec.GradientScale)
            : CpuKernels.BceWithLogits(input.CpuFloats, n, Target, dlogits.CpuFloats, c.Spec.GradientScale);
        c.Compare("dlogits", probabilities ? Tolerance.Exact : Tolerance.Transcendental);
        c.Compare("loss", Tolerance.Transcendental with { Why = "double logs and a sum in another order, rounded to float" });
    }

    private static void SoftmaxCrossEntropy(KernelCase c, Random random)
    {
        int n = c.Batch, classes = c.Spec.Classes;
        var logits = c.Argument("logits", Twin.Floats(Values(random, (long)n * classes, -4f, 4f)));
        var labels = c.Argument("labels", Twin.Floats(Enumerable.Range(0, n).Select(_ => (float)random.Next(classes)).ToArray()));
        var dlogits = c.Argument("dlogits", Twin.Floats(Values(random, (long)n * classes, -1f, 1f)));
        var loss = c.Argument("loss", Twin.Floats([-1f]));
        *loss.CpuFloats = CpuKernels.SoftmaxCrossEntropy(logits.CpuFloats, labels.CpuFloats, n, classes, dlogits.CpuFloats);
        c.Compare("dlogits", Tolerance.Transcendental);
        c.Compare("loss", Tolerance.Transcendental with { Why = "double exp and log and a sum in another order, rounded to float" });
    }

    private static void CountCorrect(KernelCase c, Random random)
    {
        int n = c.Batch, classes = c.Spec.Classes;
        var values = Values(random, (long)n * classes, -4f, 4f);
        // Every other row's label is its top logit; the others are most likely wrong.
        var labels = Enumerable.Range(0, n).Select(i => (float)(i % 2 == 0 ? ArgMax(values.AsSpan(i * classes, classes)) : random.Next(classes))).ToArray();
        var logits = c.Argument("logits", Twin.Floats(values));
        var labelTwin = c.Argument("labels", Twin.Floats(labels));
        var correct = c.Argument("correct", Twin.Ints([-1]));
        *(int*)correct.Cpu = CpuKernels.CountCorrect(logits.CpuFloats, labelTwin.CpuFloats, n, classes);
        c.Compare("correct", Tolerance.Exact);
    }

    /// <summary>Adam at device step <paramref name="step"/>; the CPU takes <paramref name="cpuStep"/> (the same unless a test says otherwise).</summary>
    public static void Adam(KernelCase c, AdamSettings adam, Random random, int step = 7, int? cpuStep = null)
    {
        long count = c.Spec.Elements(c.Batch);
        var p = c.Argument("p", Twin.Floats(Values(random, count, -1f, 1f)));
        var g = c.Argument("g", Twin.Floats(Values(random, count, -1f, 1f)));
        var m = c.Argument("m", Twin.Floats(Values(random, count, -0.1f, 0.1f)));
        var v = c.Argument("v", Twin.Floats(Values(random, count, 0f, 0.01f)));
        var (stepSize, correctionSqrt) = CpuKernels.AdamCorrections(adam.LearningRate, adam.Beta1, adam.Beta2, step);
        c.Argument("corrections", Twin.Floats([stepSize, correctionSqrt]));
        c.Scalar("beta1", adam.Beta1);
        c.Scalar("beta2", adam.Beta2);
        c.Scalar("eps", adam.Eps);
        c.Scalar("weight_decay", adam.WeightDecay);
        CpuKernels.AdamStep(p.CpuFloats, g.CpuFloats, m.CpuFloats, v.CpuFloats, count, adam.LearningRate, adam.Beta1, adam.Beta2, adam.Eps, adam.WeightDecay, cpuStep ?? step);
        c.Compare("m", Tolerance.Exact);
        c.Compare("v", Tolerance.Exact);
        // The bias corrections come in (adam_begin_step wrote them): the same float operations as the CPU's.
        c.Compare("p", Tolerance.Exact);
    }

    /// <summary>The Adam step count from 6 to 7 and step 7's bias corrections, against CpuKernels.AdamCorrections.</summary>
    private static void AdamBeginStep(KernelCase c, AdamSettings adam)
    {
        var counter = c.Argument("counter", Twin.Counter(6));
        var corrections = c.Argument("corrections", Twin.Floats([float.NaN, float.NaN]));
        c.Scalar("lr", adam.LearningRate);
        c.Scalar("beta1", adam.Beta1);
        c.Scalar("beta2", adam.Beta2);
        counter.CpuCounter += 1;
        var (stepSize, correctionSqrt) = CpuKernels.AdamCorrections(adam.LearningRate, adam.Beta1, adam.Beta2, 7);
        corrections.CpuFloats[0] = stepSize;
        corrections.CpuFloats[1] = correctionSqrt;
        c.Compare("counter", Tolerance.Exact);
        c.Compare("corrections", new Tolerance(1, 0, 0, "CUDA's double pow within 2 ulp of .NET's, rounded to float"));
    }

    /// <summary>A latent fill from device counter <paramref name="counter"/>, against the trainer's LatentSampler.</summary>
    public static void Latent(KernelCase c, LatentDistribution distribution, ulong counter, ulong seed, ulong stream)
    {
        long count = c.Spec.Elements(c.Batch);
        var z = c.Argument("z", Twin.Floats(Values(new Random(1), count, -1f, 1f)));
        c.Argument("counter", Twin.Counter(counter));
        c.Scalar("seed", seed);
        c.Scalar("stream", stream);
        var sampler = new LatentSampler(distribution, seed, stream) { Counter = counter };
        sampler.Fill(new Span<float>(z.CpuFloats, checked((int)count)));
        c.Compare("z", LatentTolerance(distribution));
    }

    /// <summary>
    /// How far a device latent may lie from LatentSampler's: uniform latents are the same double arithmetic rounded once,
    /// normal ones go through CUDA's double log and sincospi, within an ulp or two of .NET's, so the float may round
    /// the other way on a tie.
    /// </summary>
    public static Tolerance LatentTolerance(LatentDistribution distribution) => distribution == LatentDistribution.Normal
        ? new Tolerance(1, 0, 0, "double log and sincospi within an ulp or two of .NET's, rounded to float")
        : Tolerance.Exact;

    private static void AdvanceLatentCounter(KernelCase c, LatentDistribution distribution, ulong counter)
    {
        long count = c.Spec.Elements(c.Batch);
        var device = c.Argument("counter", Twin.Counter(counter));
        var sampler = new LatentSampler(distribution, Seed, LatentStream) { Counter = counter };
        sampler.Fill(new float[count]);
        device.CpuCounter = sampler.Counter;
        c.Compare("counter", Tolerance.Exact);
    }

    private static void AdvanceCounter(KernelCase c)
    {
        var counter = c.Argument("counter", Twin.Counter(41));
        counter.CpuCounter += 1;
        c.Compare("counter", Tolerance.Exact);
    }

    /// <summary>Batch 1 of an epoch of 7 images, against BatchSource with the same seed (its permutation is uploaded).</summary>
    private static void GatherBatch(KernelCase c, ZooModel model, Random random)
    {
        const int images = 7, index = 1;
        int n = c.Batch;
        var bytes = new byte[images * model.ImageSize];
        random.NextBytes(bytes);
        bytes[0] = 0;
        bytes[1] = 255;
        var source = new BatchSource(bytes, images, model.ImageSize, model.Pixels, seed: 9);
        source.StartEpoch();
        c.Argument("images", Twin.Bytes(bytes));
        c.Argument("order", Twin.Ints(source.Order.ToArray()));
        c.Argument("batch_index", Twin.Counter(index));
        var real = c.Argument("real", Twin.Floats(Values(random, (long)n * model.ImageSize, -1f, 1f)));
        source.Fill(index, n, new Span<float>(real.CpuFloats, n * model.ImageSize));
        c.Compare("real", Tolerance.Exact);
    }

    /// <summary>An optional parameter's CPU pointer, or null (PyTorch's affine=False) when the kernel does not take it.</summary>
    private static float* Optional(KernelCase c, string parameter, float[] values) =>
        c.Takes(parameter) ? c.Argument(parameter, Twin.Floats(values)).CpuFloats : null;

    public static float[] Values(Random random, long count, float low, float high)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++) values[i] = low + (high - low) * random.NextSingle();
        return values;
    }

    private static int Size(int[] shape) => shape.Aggregate(1, (a, d) => a * d);

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
            if (values[k] > values[best]) best = k;
        return best;
    }

    /// <summary>FNV-1a of the kernel's name: the same inputs every run (string.GetHashCode changes per process).</summary>
    private static int StableSeed(string name)
    {
        uint hash = 2166136261;
        foreach (char ch in name) hash = (hash ^ ch) * 16777619;
        return (int)hash;
    }
}
