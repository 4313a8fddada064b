using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime;

/// <summary>
/// The CPU backend: the generated C# step (<see cref="IGanModel.TrainStep"/>) on a <see cref="GanState"/> in host memory,
/// fed by <see cref="BatchSource"/> and <see cref="LatentSampler"/>. The host state is the device's memory, so
/// <see cref="Upload"/> and <see cref="Download"/> have nothing to copy.
/// </summary>
public sealed class CpuGanDevice : IGanDevice
{
    private readonly IGanModel _model;
    private readonly ulong _seed;
    private BatchSource? _data;
    private LatentSampler _latents;

    public CpuGanDevice(IGanModel model, int batch, ulong seed)
    {
        _model = model;
        _seed = seed;
        Host = new GanState(model.Definition, batch) { Seed = seed };
        _latents = new LatentSampler(model.Definition.LatentDistribution, seed, LatentSampler.TrainingStream);
    }

    public GanDefinition Definition => _model.Definition;
    public int Batch => Host.Batch;
    public string Name => $"cpu {CpuKernels.SimdPath}";
    public GanState Host { get; }

    public void Upload() { }

    public void Download() { }

    public void UseDataset(byte[] images, int count)
        => _data = new BatchSource(images, count, Definition.ImageSize, Definition.Pixels, _seed);

    public void StartEpoch() => Data.StartEpoch();

    public ulong LatentCounter
    {
        get => _latents.Counter;
        set => _latents.Counter = value;
    }

    public StepResult TrainStep(int batchIndex)
    {
        Data.Fill(batchIndex, Batch, Host.Real);
        _latents.Fill(Host.LatentD);
        _latents.Fill(Host.LatentG);
        return TrainStepOnHostInputs();
    }

    public StepResult TrainStepOnHostInputs()
    {
        _model.TrainStep(Host);
        bool logits = Definition.Loss == GanLoss.BceWithLogits;
        return new StepResult(Host.DLoss, Host.GLoss, MeanProbability(Host.DReal, logits), MeanProbability(Host.DFake, logits));
    }

    public void Generate(ReadOnlySpan<float> latents, Span<float> images, BatchNormMode batchNorm = BatchNormMode.Eval)
        => SampleImages.Render(_model, Host, latents, images, batchNorm);

    private BatchSource Data => _data ?? throw new InvalidOperationException("no dataset: UseDataset comes before the fed step");

    /// <summary>D's mean verdict as a probability (a sigmoid of each logit where D ends in logits).</summary>
    internal static double MeanProbability(ReadOnlySpan<float> outputs, bool logits)
    {
        double sum = 0;
        foreach (var v in outputs) sum += logits ? 1.0 / (1.0 + Math.Exp(-v)) : v;
        return sum / outputs.Length;
    }

    public void Dispose() => Host.Dispose();
}
