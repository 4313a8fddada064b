using System.Diagnostics;
using System.Text.Json;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.IO;

namespace Dcgan.Runtime;

/// <summary>
/// The training loop around a compiled step: real batches from a per-epoch permutation,
/// latents from Philox, metrics every few steps, a sample grid from one fixed latent batch
/// each epoch, config.json at the start, checkpoints every few steps, at each epoch's end, on
/// cancellation (Ctrl-C) and at the end. Resumed from a checkpoint, it ends exactly where an
/// uninterrupted run ends.
/// </summary>
public sealed class Trainer(IGanModel model, TrainingOptions options, ITrainingObserver observer)
{
    public const int SampleCount = 64;

    /// <summary>
    /// Trains on <paramref name="images"/> (8-bit, <paramref name="count"/> images of the model's image size). If the
    /// run diverges and the policy is rollback, it resumes from the last good checkpoint with both learning rates halved.
    /// </summary>
    public string Run(byte[] images, int count)
    {
        for (int rollbacks = 0; ; rollbacks++)
        {
            try
            {
                return RunOnce(images, count);
            }
            catch (DivergenceException e) when (options.OnDivergence == DivergencePolicy.Rollback && e.LastGoodCheckpoint is not null && rollbacks < options.MaxRollbacks)
            {
                var generator = options.GeneratorAdam ?? model.Definition.GeneratorAdam;
                var discriminator = options.DiscriminatorAdam ?? model.Definition.DiscriminatorAdam;
                options = options with
                {
                    ResumeFrom = e.LastGoodCheckpoint,
                    GeneratorAdam = generator with { LearningRate = generator.LearningRate / 2 },
                    DiscriminatorAdam = discriminator with { LearningRate = discriminator.LearningRate / 2 },
                };
                observer.RolledBack(e.Message, e.LastGoodCheckpoint, options.GeneratorAdam.Value.LearningRate, options.DiscriminatorAdam.Value.LearningRate);
            }
        }
    }

    private string RunOnce(byte[] images, int count)
    {
        CrashPoint.Validate();
        DivergencePoint.Validate();
        int stepsPerEpoch = StepsPerEpoch(count);
        using var device = GanDevices.Open(model, options.BatchSize, options.Seed, options.Device, options.GpuMode);
        using var run = StartRun(device, images, count, stepsPerEpoch);
        // Each epoch's order follows from the previous ones: replay those before the one resumed.
        for (int e = 1; e < run.Start.Epoch; e++) device.StartEpoch();
        for (int epoch = run.Start.Epoch; epoch <= options.Epochs && !Done(run.Step); epoch++)
            if (TrainEpoch(run, epoch) is { } interrupted) return interrupted;
        return FinishRun(run);
    }

    private int StepsPerEpoch(int count)
    {
        int batch = options.BatchSize;
        if (batch > count)
            throw new DcganException($"batch size {batch} is larger than the dataset ({count} images)");
        return count / batch;
    }

    /// <summary>
    /// Everything before the first step: the parameters (initialised, then the checkpoint's when resuming) and the
    /// data on the device, the run's directories, config.json, the observer told, metrics.csv opened, the clock started.
    /// </summary>
    private RunState StartRun(IGanDevice device, byte[] images, int count, int stepsPerEpoch)
    {
        var definition = model.Definition;
        var state = device.Host;
        ApplyOverrides(state);
        ParameterInit.Initialise(state, definition.Init, options.Seed);
        device.UseDataset(images, count);
        var fixedLatents = SampleImages.Latents(definition, options.Seed, SampleCount);
        var last = StartPosition(device, state, stepsPerEpoch);
        device.Upload();
        var position = last.Continuation(stepsPerEpoch);
        if (options.ResumeFrom is { } resumed) observer.Resumed(resumed, position.Step, position.Epoch);
        string samples = Path.Combine(options.RunDirectory, "samples");
        string checkpoints = Path.Combine(options.RunDirectory, "checkpoints");
        PrepareDirectories(samples, checkpoints);
        WriteConfig(state, device, stepsPerEpoch, count);

        observer.RunStarted(definition, options, stepsPerEpoch, count);
        return new RunState
        {
            Device = device,
            State = state,
            StepsPerEpoch = stepsPerEpoch,
            Start = position,
            Samples = samples,
            Checkpoints = checkpoints,
            FixedLatents = fixedLatents,
            SampleBuffer = new float[SampleCount * definition.ImageSize],
            Metrics = new MetricsLog(Path.Combine(options.RunDirectory, "metrics.csv"), append: options.ResumeFrom is not null),
            Clock = Stopwatch.StartNew(),
            Step = position.Step,
            Last = last,
            LastGood = options.ResumeFrom,
        };
    }

    /// <summary>The run's own dropout rate, input noise, label smoothing and Adam settings, where it sets them.</summary>
    private void ApplyOverrides(GanState state)
    {
        if (options.DropoutRate is { } rate) state.DropoutRate = rate;
        if (options.InputNoise is { } sigma) state.InputNoise = sigma;
        if (options.LabelSmoothing is { } smoothing) state.LabelSmoothing = smoothing;
        if (options.GeneratorAdam is { } generatorAdam) state.Generator.Adam = generatorAdam;
        if (options.DiscriminatorAdam is { } discriminatorAdam) state.Discriminator.Adam = discriminatorAdam;
    }

    /// <summary>
    /// Where this run starts: step 0, or exactly where the checkpoint left off (its tensors loaded into
    /// <paramref name="state"/>, its latent counter into <paramref name="device"/>). This is also the position the
    /// newest checkpoint records (final.safetensors records it again, so a resumed run that has no step left writes
    /// the same file as the run it continues).
    /// </summary>
    private RunPosition StartPosition(IGanDevice device, GanState state, int stepsPerEpoch)
    {
        if (options.ResumeFrom is not { } resume) return new RunPosition(Step: 0, Epoch: 1, StepInEpoch: 0);
        var last = RunPosition.Resume(resume, state, options.BatchSize, options.Seed, stepsPerEpoch);
        device.LatentCounter = last.LatentCounter;
        return last;
    }

    private void PrepareDirectories(string samples, string checkpoints)
    {
        if (options.ResumeFrom is not null)
            // A run killed mid-write leaves a temporary file beside the file it was replacing; the file itself is whole.
            foreach (var directory in new[] { options.RunDirectory, samples, checkpoints }) AtomicFile.DeleteLeftovers(directory);
        Directory.CreateDirectory(samples);
        Directory.CreateDirectory(checkpoints);
    }

    /// <summary>
    /// One epoch's steps from where the run stands in it, then, if it took any, its end. Returns the checkpoint saved
    /// when the run was cancelled, else null.
    /// </summary>
    private string? TrainEpoch(RunState run, int epoch)
    {
        run.Device.StartEpoch();
        var window = new Window(run.Clock.Elapsed);
        var whole = new Window(run.Clock.Elapsed);
        int first = epoch == run.Start.Epoch ? run.Start.StepInEpoch : 0;
        for (int i = first; i < run.StepsPerEpoch && !Done(run.Step); i++)
        {
            if (options.Cancellation.IsCancellationRequested) return SaveOnCancellation(run, i, epoch);
            var result = TakeStep(run, i);
            window.Add(result, options.BatchSize);
            whole.Add(result, options.BatchSize);
            observer.StepTaken(run.Step, epoch, i + 1, run.StepsPerEpoch);
            window = ReportIfDue(run, window, epoch, i);
            SaveIfDue(run, epoch, i);
        }
        if (whole.Steps > 0) EndEpoch(run, epoch, whole);
        return null;
    }

    private string SaveOnCancellation(RunState run, int i, int epoch)
    {
        string saved = Save(run, i, epoch);
        observer.Interrupted(run.Step, saved);
        return saved;
    }

    /// <summary>Step <paramref name="i"/> of the epoch; a loss that is not finite is a divergence.</summary>
    private static StepResult TakeStep(RunState run, int i)
    {
        var result = run.Device.TrainStep(i);
        run.Step++;
        CrashPoint.AfterStep(run.Step);
        result = DivergencePoint.AfterStep(run.Step, result);
        // Two scalars per step: a NaN or infinity anywhere in the step reaches a loss within a step.
        if (!float.IsFinite(result.DLoss) || !float.IsFinite(result.GLoss))
            throw new DivergenceException(run.Step, $"D's loss is {result.DLoss}, G's loss is {result.GLoss}", run.LastGood);
        return result;
    }

    /// <summary>
    /// A row of metrics.csv, with a measurement of G's images when one is due, every LogEvery steps and at the last
    /// step of an epoch and of the run. Returns the window the next steps add to: a new one after a report.
    /// </summary>
    private Window ReportIfDue(RunState run, Window window, int epoch, int i)
    {
        long step = run.Step;
        bool evaluate = options.Evaluator is not null && options.EvaluateEvery > 0 && step % options.EvaluateEvery == 0;
        if (!(evaluate || step % options.LogEvery == 0 || i == run.StepsPerEpoch - 1 || Done(step))) return window;
        var report = window.Report(step, epoch, i + 1, run.StepsPerEpoch, run.Clock.Elapsed);
        if (evaluate) report = report with { Quality = options.Evaluator!.Evaluate(run.Device) };
        run.Metrics.Write(report);
        observer.StepsDone(report);
        return new Window(run.Clock.Elapsed);
    }

    /// <summary>A checkpoint every CheckpointEvery steps, except at an epoch's last step, whose end saves one anyway.</summary>
    private void SaveIfDue(RunState run, int epoch, int i)
    {
        if (options.CheckpointEvery > 0 && run.Step % options.CheckpointEvery == 0 && i + 1 < run.StepsPerEpoch)
            Save(run, i + 1, epoch);
    }

    /// <summary>An epoch that took steps ends with its sample grid, the contact sheet redrawn, and a checkpoint.</summary>
    private void EndEpoch(RunState run, int epoch, Window whole)
    {
        string samplePath = Path.Combine(run.Samples, $"epoch_{epoch:D4}.png");
        WriteSamples(run.Device, run.FixedLatents, run.SampleBuffer, samplePath);
        ContactSheet.Write(Directory.GetFiles(run.Samples, "epoch_*.png").Order(StringComparer.Ordinal).ToList(),
            model.Definition.ImageShape[1], Path.Combine(run.Samples, "contact_sheet.png"));
        int done = Done(run.Step) ? (int)(run.Step - (long)(epoch - 1) * run.StepsPerEpoch) : run.StepsPerEpoch;
        Save(run, done, epoch);
        observer.EpochDone(whole.Report(run.Step, epoch, run.StepsPerEpoch, run.StepsPerEpoch, run.Clock.Elapsed), samplePath);
    }

    /// <summary>checkpoints/final.safetensors, at the position the newest checkpoint records.</summary>
    private string FinishRun(RunState run)
    {
        string final = Path.Combine(run.Checkpoints, "final.safetensors");
        DownloadFinite(run);
        var last = run.Last;
        Checkpoint.Save(final, run.State, run.Step, last.Epoch, RunPosition.Metadata(options.Seed, options.BatchSize, last.StepInEpoch, last.LatentCounter));
        observer.RunDone(run.Step, run.Clock.Elapsed, final);
        return final;
    }

    /// <summary>A checkpoint at step <paramref name="inEpoch"/> of epoch <paramref name="ofEpoch"/>, which becomes the last good one.</summary>
    private string Save(RunState run, int inEpoch, int ofEpoch)
    {
        DownloadFinite(run);
        run.Last = new RunPosition(run.Step, ofEpoch, inEpoch, run.Device.LatentCounter);
        return run.LastGood = SaveCheckpoint(run.Checkpoints, run.State, run.Last);
    }

    /// <summary>
    /// The parameters back from the device. A checkpoint must be one a run can continue from: parameters that went
    /// non-finite are a divergence.
    /// </summary>
    private static void DownloadFinite(RunState run)
    {
        run.Device.Download();
        if (FirstNonFinite(run.State) is { } bad) throw new DivergenceException(run.Step, $"{bad} holds a value that is not finite", run.LastGood);
    }

    /// <summary>checkpoints/step_NNNNNNN.safetensors, written atomically; only the newest <see cref="TrainingOptions.KeepCheckpoints"/> are kept.</summary>
    private string SaveCheckpoint(string directory, GanState state, RunPosition position)
    {
        string path = Path.Combine(directory, $"step_{position.Step:D7}.safetensors");
        Checkpoint.Save(path, state, position.Step, position.Epoch, RunPosition.Metadata(options.Seed, state.Batch, position.StepInEpoch, position.LatentCounter));
        foreach (var old in Directory.GetFiles(directory, "step_*.safetensors").Order(StringComparer.Ordinal).SkipLast(Math.Max(1, options.KeepCheckpoints)))
            File.Delete(old);
        return path;
    }

    /// <summary>The name of the first stored tensor holding a NaN or an infinity, or null.</summary>
    private static string? FirstNonFinite(GanState state)
    {
        foreach (var spec in state.Definition.Tensors)
            foreach (float value in state.Tensor(spec))
                if (!float.IsFinite(value)) return spec.Name;
        return null;
    }

    private bool Done(long step) => options.MaxSteps > 0 && step >= options.MaxSteps;

    /// <summary>The 8x8 grid of G's eval-mode output for the run's fixed latent batch.</summary>
    private static void WriteSamples(IGanDevice device, float[] fixedLatents, float[] sampleImages, string path)
    {
        var definition = device.Definition;
        device.Generate(fixedLatents, sampleImages);
        var (low, high) = definition.PixelBounds;
        int[] shape = definition.ImageShape;
        ImageGrid.WritePng(path, sampleImages, SampleCount, shape[0], shape[1], shape[2], low, high, columns: 8);
    }

    private void WriteConfig(GanState state, IGanDevice device, int stepsPerEpoch, int count)
    {
        var definition = state.Definition;
        var config = new Dictionary<string, object>
        {
            ["model"] = definition.Name,
            ["dataset"] = options.Dataset,
            ["dataset_size"] = count,
            ["epochs"] = options.Epochs,
            ["batch_size"] = options.BatchSize,
            ["steps_per_epoch"] = stepsPerEpoch,
            ["max_steps"] = options.MaxSteps,
            ["seed"] = options.Seed,
            ["device"] = options.Device,
            ["threads"] = options.Threads,
            ["recipe"] = definition.Recipe.ToString(),
            ["loss"] = definition.Loss.ToString(),
            ["init"] = definition.Init.ToString(),
            ["latent"] = definition.LatentDistribution.ToString(),
            ["g_adam"] = AdamJson(state.Generator.Adam),
            ["d_adam"] = AdamJson(state.Discriminator.Adam),
            ["label_smoothing"] = state.LabelSmoothing,
            ["dcgan_version"] = typeof(Trainer).Assembly.GetName().Version?.ToString() ?? "",
        };
        if (definition.HasDropout) config["dropout"] = state.DropoutRate;
        if (definition.HasInputNoise) config["input_noise"] = state.InputNoise;
        if (device is Cuda.CudaGanDevice gpu)
        {
            config["gpu_mode"] = gpu.Mode.Name();
            config["convolutions"] = gpu.Convolutions.Select(ConvolutionJson).ToList();
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(config, ConfigJson.Default.DictionaryStringObject);
        AtomicFile.WriteAllBytes(Path.Combine(options.RunDirectory, "config.json"), json);
    }

    private static Dictionary<string, object> ConvolutionJson(Cuda.ConvolutionChoice c) => new()
    {
        ["routine"] = c.Routine.ToString(), ["image"] = c.Image, ["filter"] = c.Filter, ["feature"] = c.Feature,
        ["padding"] = c.Padding, ["stride"] = c.Stride, ["algorithm"] = c.Algorithm, ["algorithm_number"] = c.AlgorithmNumber,
        ["workspace_bytes"] = c.WorkspaceBytes, ["deterministic"] = c.Deterministic, ["math"] = c.Math.ToString(), ["search"] = c.Search,
    };

    private static Dictionary<string, object> AdamJson(AdamSettings a) => new()
    {
        ["lr"] = a.LearningRate, ["beta1"] = a.Beta1, ["beta2"] = a.Beta2, ["eps"] = a.Eps, ["weight_decay"] = a.WeightDecay,
    };

    /// <summary>One run from its first step to its last: the device, where the run stands, where it writes.</summary>
    private sealed class RunState : IDisposable
    {
        public required IGanDevice Device { get; init; }
        public required GanState State { get; init; }
        public required int StepsPerEpoch { get; init; }
        /// <summary>Where the steps of this run begin: step 0, or where the checkpoint resumed from left off.</summary>
        public required RunPosition Start { get; init; }
        public required string Samples { get; init; }
        public required string Checkpoints { get; init; }
        /// <summary>The one latent batch of every epoch's sample grid, and the grid's images.</summary>
        public required float[] FixedLatents { get; init; }
        public required float[] SampleBuffer { get; init; }
        public required MetricsLog Metrics { get; init; }
        public required Stopwatch Clock { get; init; }
        /// <summary>Steps taken, in the whole run.</summary>
        public required long Step { get; set; }
        /// <summary>The position the newest checkpoint records.</summary>
        public required RunPosition Last { get; set; }
        /// <summary>The newest checkpoint a divergence can go back to.</summary>
        public required string? LastGood { get; set; }

        public void Dispose() => Metrics.Dispose();
    }

    /// <summary>Running sums over the steps since a report.</summary>
    private sealed class Window(TimeSpan start)
    {
        private double _d, _g, _dx, _dgz;
        private long _steps, _images;

        public long Steps => _steps;

        public void Add(StepResult result, int batch)
        {
            _d += result.DLoss;
            _g += result.GLoss;
            _dx += result.MeanDOfReal;
            _dgz += result.MeanDOfFake;
            _steps++;
            _images += batch;
        }

        public TrainingMetrics Report(long step, int epoch, int inEpoch, int perEpoch, TimeSpan now)
        {
            double n = Math.Max(1, _steps), seconds = Math.Max(1e-9, (now - start).TotalSeconds);
            return new TrainingMetrics(step, epoch, inEpoch, perEpoch, _d / n, _g / n, _dx / n, _dgz / n, _images / seconds);
        }
    }
}
