using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dcgan.Runtime;
using Dcgan.Runtime.Benchmarking;
using Dcgan.Runtime.Cpu;

namespace Dcgan.App.Commands;

/// <summary>
/// <c>dcgan-cli bench --model NAME</c>: the compiled training step timed after warm-up, with the
/// throughput, the GFLOP/s it reaches (FLOPs counted by the generator at build time) and their share
/// of the machine's measured FMA peak. <c>--epoch</c> times a whole pass over a real dataset instead, data included.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model of the zoo or of this application (see: models)", DefaultValueFactory = _ => TrainCommand.DefaultModel };
        var batch = new Option<int?>("--batch-size") { Description = "Images per step (default: the model's own)" };
        var steps = new Option<int>("--steps") { Description = "Timed steps", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first (the JIT settles on its optimised code meanwhile)", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "CPU threads (default: all cores)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table (for scripts)" };
        var epoch = new Option<bool>("--epoch") { Description = "Time one whole epoch of a real dataset, data included (--steps: only its first steps)" };
        var dataset = new Option<string>("--dataset") { Description = $"With --epoch: {TrainingData.Describe}", DefaultValueFactory = _ => "mnist" };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Where datasets live (default: ${Dcgan.Runtime.Data.DataDirectory.EnvironmentVariable}, else ~/.local/share/dcgan)" };
        var device = DeviceOption.Create();
        var cudaLibs = DeviceOption.CreateCudaLibs();
        var gpuMode = GpuModeOption.Create();
        var command = new Command("bench", "Time the compiled training step of a model; on a GPU also what a step launches (each kernel's grid, the cuBLAS and cuDNN calls)")
        {
            model, batch, steps, warmup, threads, json, epoch, dataset, dataDir, device, cudaLibs, gpuMode,
        };
        command.SetAction(parse =>
        {
            var gan = ModelCatalog.Require(parse.GetValue(model)!);
            int batchSize = parse.GetValue(batch) ?? gan.Definition.DefaultBatch;
            UsageException.RequireIn(HyperparameterRanges.BatchSize, "--batch-size", batchSize);
            int stepCount = parse.GetValue(steps), warmupCount = parse.GetValue(warmup), threadCount = parse.GetValue(threads);
            UsageException.Require(stepCount is >= 1 and <= 1_000_000, $"--steps must be between 1 and 1000000, got {stepCount}");
            UsageException.Require(warmupCount is >= 0 and <= 1_000_000, $"--warmup must be between 0 and 1000000, got {warmupCount}");
            UsageException.Require(parse.GetResult(threads) is not { Implicit: false } || threadCount is >= 1 and <= 1024, $"--threads must be between 1 and 1024, got {threadCount}");
            var mode = GpuModeOption.Resolve(parse.GetValue(gpuMode));
            var deviceChoice = DeviceOption.Resolve(parse.GetValue(device), parse.GetValue(cudaLibs));
            if (threadCount > 0) CpuKernels.Threads = threadCount;

            if (parse.GetValue(epoch))
            {
                string datasetName = parse.GetValue(dataset)!;
                TrainingData.Check(datasetName);
                bool quiet = parse.GetValue(json);
                var images = TrainingData.Load(datasetName, parse.GetValue(dataDir), gan.Definition.ImageShape, line => { if (!quiet) Console.WriteLine(line); }, out int count);
                UsageException.Require(batchSize <= count, $"--batch-size {batchSize} is larger than the dataset {datasetName} ({count} images)");
                if (!quiet && deviceChoice.Note is { } epochNote) Console.WriteLine(epochNote);
                int maxSteps = parse.GetResult(steps) is { Implicit: false } ? stepCount : 0;
                var run = EpochBenchmark.Run(gan, images, count, batchSize, warmupCount, maxSteps, deviceName: deviceChoice.Device, gpuMode: mode);
                Console.WriteLine(quiet ? EpochJson(run, datasetName) : EpochText(run, datasetName));
                return CliRunner.Ok;
            }

            // The CPU's FMA peak is what a CPU step is measured against; a GPU step has no such figure here.
            double peak = deviceChoice.Device == "cpu" ? FmaPeak.MeasureGflops() : 0;
            var result = StepBenchmark.Run(gan, batchSize, warmupCount, stepCount, peak, deviceName: deviceChoice.Device, gpuMode: mode);
            if (parse.GetValue(json)) Console.WriteLine(Json(result));
            else
            {
                // Not in --json: its output is one JSON object for scripts.
                if (deviceChoice.Note is { } note) Console.WriteLine(note);
                Print(result);
            }
            return CliRunner.Ok;
        });
        return command;
    }

    private static void Print(StepBenchmarkResult r)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{r.Model}: batch {r.Batch}, {Where(r.Device, r.Threads)}, {r.WarmupSteps} warm-up + {r.Steps} timed steps"));
        Console.WriteLine(string.Create(c, $"  ms/step     {r.MedianMilliseconds,10:F2}  (median; mean {r.MeanMilliseconds:F2}, best {r.StepMilliseconds.Min():F2})"));
        Console.WriteLine(string.Create(c, $"  steps/s     {r.StepsPerSecond,10:F2}"));
        Console.WriteLine(string.Create(c, $"  images/s    {r.ImagesPerSecond,10:F0}"));
        Console.WriteLine(string.Create(c, $"  GFLOP/step  {r.FlopsPerStep / 1e9,10:F3}  (multiply-adds of every matrix product and convolution, counted at build time)"));
        Console.WriteLine(r.PeakGflops > 0
            ? string.Create(c, $"  GFLOP/s     {r.Gflops,10:F1}  of a measured FMA peak of {r.PeakGflops:F1}: {r.PeakShare:P0}")
            : string.Create(c, $"  GFLOP/s     {r.Gflops,10:F1}"));
        if (r.Launches is { } launches) PrintLaunches(r.GpuMode!.Value, launches);
    }

    /// <summary>
    /// A GPU step's calls, and each kernel's grid and block as launched with the elements it walks: a kernel whose
    /// threads each walk many elements runs few blocks on a large tensor.
    /// </summary>
    private static void PrintLaunches(Dcgan.Runtime.Cuda.GpuMode mode, Dcgan.Runtime.Cuda.StepLaunchProfile p)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"  gpu mode    {Dcgan.Runtime.Cuda.GpuModes.Name(mode),10}");
        Console.WriteLine(string.Create(c, $"  launches/step {p.KernelLaunches,8}  kernel launches; {p.CublasCalls} cuBLAS calls, {p.CudnnCalls} cuDNN calls, {p.Clears} clears, {p.HostCopies} copies to the host"));
        int width = Math.Max(6, p.Kernels.Max(k => k.Kernel.Length));
        Console.WriteLine(string.Create(c, $"  {"kernel".PadRight(width)}  launches       grid  block      elements  elements/thread"));
        foreach (var k in p.Kernels)
            Console.WriteLine(string.Create(c, $"  {k.Kernel.PadRight(width)}  {k.Launches,8}  {k.Grid,9}  {k.Block,5}  {k.Elements,12}  {k.ElementsPerThread,15:F1}"));
    }

    /// <summary>"2 thread(s), cpu avx512" on the CPU; the GPU's name on a GPU (threads are the CPU's).</summary>
    private static string Where(string device, int threads) => device.StartsWith("cpu", StringComparison.Ordinal) ? $"{threads} thread(s), {device}" : device;

    private static string EpochText(EpochBenchmarkResult r, string dataset) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Model}: {(r.Steps == r.StepsPerEpoch ? "one epoch" : $"{r.Steps} of an epoch's {r.StepsPerEpoch} steps")} of {dataset} at batch {r.Batch}, {Where(r.Device, r.Threads)}, after {r.WarmupSteps} warm-up steps\n"
        + $"  seconds     {r.Seconds,10:F3}  (data gather, latents and the step; nothing written)\n"
        + $"  ms/step     {r.MillisecondsPerStep,10:F2}\n"
        + $"  images/s    {r.ImagesPerSecond,10:F0}");

    private static string EpochJson(EpochBenchmarkResult r, string dataset) => JsonObject.Write(w =>
    {
        w.WriteString("system", "dcgan");
        w.WriteString("device", r.Device);
        w.WriteString("model", r.Model);
        w.WriteString("dataset", dataset);
        w.WriteNumber("batch", r.Batch);
        w.WriteNumber("threads", r.Threads);
        w.WriteNumber("warmup_steps", r.WarmupSteps);
        w.WriteNumber("steps", r.Steps);
        w.WriteNumber("steps_per_epoch", r.StepsPerEpoch);
        w.WriteNumber("epoch_s", r.Seconds);
        w.WriteNumber("ms_per_step", r.MillisecondsPerStep);
        w.WriteNumber("images_per_s", r.ImagesPerSecond);
    });

    private static string Json(StepBenchmarkResult r) => JsonObject.Write(w =>
    {
        w.WriteString("system", "dcgan");
        w.WriteString("model", r.Model);
        w.WriteString("device", r.Device);
        w.WriteNumber("batch", r.Batch);
        w.WriteNumber("threads", r.Threads);
        w.WriteString("isa", r.Isa);
        w.WriteNumber("steps", r.Steps);
        w.WriteNumber("ms_per_step", r.MedianMilliseconds);
        w.WriteNumber("ms_per_step_mean", r.MeanMilliseconds);
        w.WriteNumber("images_per_s", r.ImagesPerSecond);
        w.WriteNumber("gflop_per_step", r.FlopsPerStep / 1e9);
        w.WriteNumber("gflops", r.Gflops);
        w.WriteNumber("peak_gflops", r.PeakGflops);
        w.WriteNumber("peak_share", r.PeakShare);
        if (r.Launches is { } p)
        {
            w.WriteString("gpu_mode", Dcgan.Runtime.Cuda.GpuModes.Name(r.GpuMode!.Value));
            w.WriteNumber("kernel_launches_per_step", p.KernelLaunches);
            w.WriteNumber("cublas_calls_per_step", p.CublasCalls);
            w.WriteNumber("cudnn_calls_per_step", p.CudnnCalls);
            w.WriteStartArray("kernels");
            foreach (var k in p.Kernels)
            {
                w.WriteStartObject();
                w.WriteString("kernel", k.Kernel);
                w.WriteNumber("launches", k.Launches);
                w.WriteNumber("grid", k.Grid);
                w.WriteNumber("block", k.Block);
                w.WriteNumber("elements", k.Elements);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    });
}
