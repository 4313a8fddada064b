using System.Diagnostics;
using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Randomness;

namespace Dcgan.Runtime.Benchmarking;

/// <summary>What one timed epoch measured: every step of it, data included.</summary>
public sealed record EpochBenchmarkResult(string Model, string Device, int Batch, int Threads, int WarmupSteps, int Steps, int StepsPerEpoch, double Seconds)
{
    public double ImagesPerSecond => Steps * Batch / Seconds;
    public double MillisecondsPerStep => Seconds * 1000 / Steps;
}

/// <summary>
/// Times a pass over a real dataset as training makes it, with nothing else: each step gathers and scales its batch
/// from the epoch's permutation, draws both latent batches and runs the compiled step. No metrics, samples or
/// checkpoints (those are per interval, not per step). Warm-up steps first (their own permutation), then one
/// whole epoch, or its first <c>maxSteps</c>, timed as one interval: the figure the GPU goal is stated in.
/// </summary>
public static class EpochBenchmark
{
    public static EpochBenchmarkResult Run(IGanModel model, byte[] images, int count, int batch, int warmupSteps, int maxSteps = 0, ulong seed = 1, string deviceName = "cpu",
        Cuda.GpuMode gpuMode = Cuda.GpuMode.Speed)
    {
        var definition = model.Definition;
        if (batch > count) throw new DcganException($"batch size {batch} is larger than the dataset ({count} images)");
        using var device = GanDevices.Open(model, batch, seed, deviceName, gpuMode);
        ParameterInit.Initialise(device.Host, definition.Init, seed);
        device.Upload();
        device.UseDataset(images, count);
        int stepsPerEpoch = count / batch;
        int steps = maxSteps > 0 ? Math.Min(maxSteps, stepsPerEpoch) : stepsPerEpoch;

        device.StartEpoch();
        for (int i = 0; i < warmupSteps; i++) device.TrainStep(i % stepsPerEpoch);
        device.StartEpoch();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) device.TrainStep(i);
        double seconds = clock.Elapsed.TotalSeconds;
        return new EpochBenchmarkResult(definition.Name, device.Name, batch, CpuKernels.Threads, warmupSteps, steps, stepsPerEpoch, seconds);
    }
}
