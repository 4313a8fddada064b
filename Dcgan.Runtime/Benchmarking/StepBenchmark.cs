using System.Diagnostics;
using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Randomness;

namespace Dcgan.Runtime.Benchmarking;

/// <summary>What one benchmark of a compiled training step measured.</summary>
public sealed record StepBenchmarkResult(string Model, string Device, int Batch, int Threads, string Isa, int WarmupSteps, double[] StepMilliseconds, long FlopsPerStep, double PeakGflops)
{
    public int Steps => StepMilliseconds.Length;

    /// <summary>On a GPU: the mode it ran in and what each step launched; null on the CPU.</summary>
    public Cuda.GpuMode? GpuMode { get; init; }
    public Cuda.StepLaunchProfile? Launches { get; init; }

    /// <summary>The median step: the figure reported, robust to the odd step a shared machine slows down.</summary>
    public double MedianMilliseconds
    {
        get
        {
            var sorted = StepMilliseconds.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public double MeanMilliseconds => StepMilliseconds.Average();
    public double StepsPerSecond => 1000 / MedianMilliseconds;
    public double ImagesPerSecond => Batch * StepsPerSecond;
    public double Gflops => FlopsPerStep / (MedianMilliseconds * 1e6);
    public double PeakShare => PeakGflops > 0 ? Gflops / PeakGflops : 0;
}

/// <summary>
/// Times the whole compiled training step as training runs it: a latent batch drawn for each network,
/// then both networks' forward, backward and Adam. The real batch is filled once (the data path is a copy
/// and a scale, timed with the epoch, not here). Warm-up steps first, then every step timed on its own.
/// </summary>
public static class StepBenchmark
{
    public static StepBenchmarkResult Run(IGanModel model, int batch, int warmupSteps, int steps, double peakGflops, ulong seed = 1, string deviceName = "cpu",
        Cuda.GpuMode gpuMode = Cuda.GpuMode.Speed)
    {
        var definition = model.Definition;
        using var device = GanDevices.Open(model, batch, seed, deviceName, gpuMode);
        var state = device.Host;
        ParameterInit.Initialise(state, definition.Init, seed);
        var (low, high) = definition.PixelBounds;
        new Philox(seed, stream: 5).FillUniform(state.Real, low, high);
        var latents = new LatentSampler(definition.LatentDistribution, seed, LatentSampler.TrainingStream);
        device.Upload();

        void Step()
        {
            latents.Fill(state.LatentD);
            latents.Fill(state.LatentG);
            device.TrainStepOnHostInputs();
        }

        for (int i = 0; i < warmupSteps; i++) Step();
        var times = new double[steps];
        var clock = new Stopwatch();
        for (int i = 0; i < steps; i++)
        {
            clock.Restart();
            Step();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        return new StepBenchmarkResult(definition.Name, device.Name, batch, CpuKernels.Threads, FmaPeak.Isa, warmupSteps, times,
            definition.FlopsPerSample * batch, peakGflops)
        {
            GpuMode = (device as Cuda.CudaGanDevice)?.Mode,
            Launches = (device as Cuda.CudaGanDevice)?.LaunchProfile(fed: false),
        };
    }
}
