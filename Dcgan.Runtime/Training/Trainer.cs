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
        var definition = model.Definition;
        int batch = options.BatchSize;
        if (batch > count)
            throw new DcganException($"batch size {batch} is larger than the dataset ({count} images)");
        int stepsPerEpoch = count / batch;

        string samples = Path.Combine(options.RunDirectory, "samples");
        string checkpoints = Path.Combine(options.RunDirectory, "checkpoints");

        using var device = GanDevices.Open(model, batch, options.Seed, options.Device, options.GpuMode);
        var state = device.Host;
        if (options.DropoutRate is { } rate) state.DropoutRate = rate;
        if (options.InputNoise is { } sigma) state.InputNoise = sigma;
        if (options.LabelSmoothing is { } smoothing) state.LabelSmoothing = smoothing;
        if (options.GeneratorAdam is { } generatorAdam) state.Generator.Adam = generatorAdam;
        if (options.DiscriminatorAdam is { } discriminatorAdam) state.Discriminator.Adam = discriminatorAdam;
        ParameterInit.Initialise(state, definition.Init, options.Seed);
        device.UseDataset(images, count);
        var fixedLatents = SampleImages.Latents(definition, options.Seed, SampleCount);
        var sampleImages = new float[SampleCount * definition.ImageSize];

        // Where this run starts: step 0, or exactly where the checkpoint left off.
        // `last` is the position the newest checkpoint records (final.safetensors records it again, so a resumed run
        // that has no step left writes the same file as the run it continues).
        var last = new RunPosition(Step: 0, Epoch: 1, StepInEpoch: 0);
        if (options.ResumeFrom is { } resume)
        {
            last = RunPosition.Resume(resume, state, batch, options.Seed, stepsPerEpoch);
            device.LatentCounter = last.LatentCounter;
        }
        device.Upload();
        var position = last.Continuation(stepsPerEpoch);
        if (options.ResumeFrom is { } resumed) observer.Resumed(resumed, position.Step, position.Epoch);
        string? lastGood = options.ResumeFrom;
        if (options.ResumeFrom is not null)
            // A run killed mid-write leaves a temporary file beside the file it was replacing; the file itself is whole.
            foreach (var directory in new[] { options.RunDirectory, samples, checkpoints }) AtomicFile.DeleteLeftovers(directory);
        Directory.CreateDirectory(samples);
        Directory.CreateDirectory(checkpoints);
        WriteConfig(state, device, stepsPerEpoch, count);

        observer.RunStarted(definition, options, stepsPerEpoch, count);
        using var metrics = new MetricsLog(Path.Combine(options.RunDirectory, "metrics.csv"), append: options.ResumeFrom is not null);
        var clock = Stopwatch.StartNew();
        long step = position.Step;
        int epoch;
        string Save(int inEpoch, int ofEpoch)
        {
            device.Download();
            // A checkpoint must be one a run can continue from: parameters that went non-finite are a divergence.
            if (FirstNonFinite(state) is { } bad) throw new DivergenceException(step, $"{bad} holds a value that is not finite", lastGood);
            last = new RunPosition(step, ofEpoch, inEpoch, device.LatentCounter);
            return lastGood = SaveCheckpoint(checkpoints, state, last);
        }
        // Each epoch's order follows from the previous ones: replay those before the one resumed.
        for (int e = 1; e < position.Epoch; e++) device.StartEpoch();
        for (epoch = position.Epoch; epoch <= options.Epochs && !Done(step); epoch++)
        {
            device.StartEpoch();
            var window = new Window(clock.Elapsed);
            var whole = new Window(clock.Elapsed);
            int first = epoch == position.Epoch ? position.StepInEpoch : 0;
            for (int i = first; i < stepsPerEpoch && !Done(step); i++)
            {
                if (options.Cancellation.IsCancellationRequested)
                {
                    string saved = Save(i, epoch);
                    observer.Interrupted(step, saved);
                    return saved;
                }
                var result = device.TrainStep(i);
                step++;
                CrashPoint.AfterStep(step);
                result = DivergencePoint.AfterStep(step, result);
                // Two scalars per step: a NaN or infinity anywhere in the step reaches a loss within a step.
                if (!float.IsFinite(result.DLoss) || !float.IsFinite(result.GLoss))
                    throw new DivergenceException(step, $"D's loss is {result.DLoss}, G's loss is {result.GLoss}", lastGood);
                window.Add(result, batch);
                whole.Add(result, batch);
                observer.StepTaken(step, epoch, i + 1, stepsPerEpoch);
                bool evaluate = options.Evaluator is not null && options.EvaluateEvery > 0 && step % options.EvaluateEvery == 0;
                if (evaluate || step % options.LogEvery == 0 || i == stepsPerEpoch - 1 || Done(step))
                {
                    var report = window.Report(step, epoch, i + 1, stepsPerEpoch, clock.Elapsed);
                    if (evaluate) report = report with { Quality = options.Evaluator!.Evaluate(device) };
                    metrics.Write(report);
                    observer.StepsDone(report);
                    window = new Window(clock.Elapsed);
                }
                if (options.CheckpointEvery > 0 && step % options.CheckpointEvery == 0 && i + 1 < stepsPerEpoch)
                    Save(i + 1, epoch);
            }
            if (whole.Steps == 0) continue;
            string samplePath = Path.Combine(samples, $"epoch_{epoch:D4}.png");
            WriteSamples(device, fixedLatents, sampleImages, samplePath);
            ContactSheet.Write(Directory.GetFiles(samples, "epoch_*.png").Order(StringComparer.Ordinal).ToList(),
                definition.ImageShape[1], Path.Combine(samples, "contact_sheet.png"));
            int done = Done(step) ? (int)(step - (long)(epoch - 1) * stepsPerEpoch) : stepsPerEpoch;
            Save(done, epoch);
            observer.EpochDone(whole.Report(step, epoch, stepsPerEpoch, stepsPerEpoch, clock.Elapsed), samplePath);
        }

        string final = Path.Combine(checkpoints, "final.safetensors");
        device.Download();
        if (FirstNonFinite(state) is { } bad) throw new DivergenceException(step, $"{bad} holds a value that is not finite", lastGood);
        Checkpoint.Save(final, state, step, last.Epoch, RunPosition.Metadata(options.Seed, batch, last.StepInEpoch, last.LatentCounter));
        observer.RunDone(step, clock.Elapsed, final);
        return final;
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
