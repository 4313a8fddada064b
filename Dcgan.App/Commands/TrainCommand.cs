using System.CommandLine;
using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Data;
using Dcgan.Runtime.IO;

namespace Dcgan.App.Commands;

/// <summary><c>dcgan-cli train --dataset mnist</c>: fetch the data if needed, train, write samples, metrics and checkpoints; <c>--resume</c> continues a run.</summary>
public static class TrainCommand
{
    public const string DefaultModel = "pyimagesearch";

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = $"Training data: {TrainingData.Describe}", DefaultValueFactory = _ => "mnist" };
        var model = new Option<string>("--model") { Description = "A model of the zoo or of this application (see: models)", DefaultValueFactory = _ => DefaultModel };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the dataset", DefaultValueFactory = _ => 5 };
        var batch = new Option<int?>("--batch-size") { Description = "Images per step (default: the model's own)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of weights, data order and latents", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Run directory (default: runs/<model>, or runs/<model>-N if taken)" };
        var maxSteps = new Option<long>("--max-steps") { Description = "Stop after this many steps in all (0: no limit)" };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Where datasets live (default: ${DataDirectory.EnvironmentVariable}, else ~/.local/share/dcgan)" };
        var threads = new Option<int>("--threads") { Description = "CPU threads (default: all cores)" };
        var logEvery = new Option<int>("--log-every") { Description = "Steps between rows of metrics.csv", DefaultValueFactory = _ => 50 };
        var dropout = new Option<float?>("--dropout") { Description = "Rate of every dropout layer (default: the model's own)" };
        var inputNoise = new Option<float?>("--input-noise") { Description = "Sigma of every input-noise layer (default: the model's own)" };
        var labelSmoothing = new Option<float?>("--label-smoothing") { Description = "Two-sided smoothing of D's targets, in [0, 1) (default: the model's own)" };
        var device = DeviceOption.Create();
        var cudaLibs = DeviceOption.CreateCudaLibs();
        var gpuMode = GpuModeOption.Create();
        var resume = new Option<string?>("--resume") { Description = "Continue a run: its directory (newest checkpoint) or one checkpoint; --epochs and --max-steps count the whole run" };
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "Steps between checkpoints, besides each epoch's end (0: epoch ends only)", DefaultValueFactory = _ => 500 };
        var keep = new Option<int>("--keep-checkpoints") { Description = "How many step checkpoints to keep", DefaultValueFactory = _ => 3 };
        var learningRate = new Option<float?>("--lr") { Description = "Adam's learning rate for G and D, in (0, 1] (default: the model's own)" };
        var beta1 = new Option<float?>("--beta1") { Description = "Adam's beta1 for G and D, in [0, 1) (default: the model's own)" };
        var beta2 = new Option<float?>("--beta2") { Description = "Adam's beta2 for G and D, in [0, 1) (default: the model's own)" };
        var onNan = new Option<string>("--on-nan") { Description = "When a loss or parameter stops being finite: stop (naming the last good checkpoint) or rollback (to it, learning rates halved, at most 3 times)", DefaultValueFactory = _ => "stop" };
        onNan.AcceptOnlyFromAmong("stop", "rollback");
        var evalEvery = new Option<long>("--eval-every") { Description = "Steps between measurements of G's digits by the MNIST judge (FID, digits covered, confidence) into metrics.csv and losses.png (0: none)" };
        var evalCount = new Option<int>("--eval-count") { Description = "Images each measurement generates", DefaultValueFactory = _ => 10_000 };
        var command = new Command("train", "Train a GAN of the zoo or of this application")
        {
            dataset, model, epochs, batch, seed, output, maxSteps, dataDir, threads, logEvery, dropout, inputNoise, labelSmoothing, device, cudaLibs, gpuMode,
            resume, checkpointEvery, keep, learningRate, beta1, beta2, evalEvery, evalCount, onNan,
        };
        command.SetAction(parse =>
        {
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            // One trainer per run directory: a resumed run takes the run's lock before it reads anything of it.
            string? resumePath = parse.GetValue(resume);
            using var resumedLock = resumePath is null ? null : RunLock.Acquire(ResumeTarget.RunDirectoryOf(resumePath));
            var target = resumePath is null ? null : ResumeTarget.Find(resumePath);
            if (target is not null)
            {
                foreach (var (option, value, saved) in new (Option, object?, object)[]
                {
                    (model, parse.GetValue(model), target.Model), (dataset, parse.GetValue(dataset), target.Dataset),
                    (batch, parse.GetValue(batch), target.BatchSize), (seed, parse.GetValue(seed), target.Seed),
                })
                    UsageException.Require(!Given(option) || Equals(value, saved), $"--resume: the run was started with {option.Name} {saved}, not {value}");
                UsageException.Require(!Given(output), "--resume continues in the run's own directory; leave out --out");
                foreach (var adamFlag in new Option[] { learningRate, beta1, beta2 })
                    UsageException.Require(!Given(adamFlag), $"--resume continues with the Adam settings in the run's config.json; leave out {adamFlag.Name}");
            }
            // A resumed run keeps the mode it was started in unless told otherwise.
            var mode = GpuModeOption.Resolve(parse.GetValue(gpuMode), target?.Config.GpuMode ?? Dcgan.Runtime.Cuda.GpuMode.Speed);
            var gan = ModelCatalog.Require(target?.Model ?? parse.GetValue(model)!);
            string datasetName = target?.Dataset ?? parse.GetValue(dataset)!;
            TrainingData.Check(datasetName);
            int batchSize = target?.BatchSize ?? parse.GetValue(batch) ?? gan.Definition.DefaultBatch;
            UsageException.RequireIn(HyperparameterRanges.BatchSize, "--batch-size", batchSize);
            if (MemoryBudget.Problem(gan.Definition, batchSize, MemoryBudget.AvailableBytes()) is { } tooBig)
                throw new UsageException($"--batch-size {batchSize}: {tooBig}");
            int epochCount = target is not null && !Given(epochs) ? target.Epochs : parse.GetValue(epochs);
            UsageException.RequireIn(HyperparameterRanges.Epochs, "--epochs", epochCount);
            long steps = target is not null && !Given(maxSteps) ? target.MaxSteps : parse.GetValue(maxSteps);
            UsageException.Require(steps >= 0, $"--max-steps cannot be negative, got {steps}");
            int threadCount = parse.GetValue(threads);
            UsageException.Require(!Given(threads) || threadCount is >= 1 and <= 1024, $"--threads must be between 1 and 1024, got {threadCount}");
            int every = parse.GetValue(logEvery);
            UsageException.Require(every >= 1, $"--log-every must be at least 1, got {every}");
            float? dropoutRate = parse.GetValue(dropout) ?? target?.Dropout, noiseSigma = parse.GetValue(inputNoise) ?? target?.InputNoise;
            float? smoothing = parse.GetValue(labelSmoothing) ?? target?.LabelSmoothing;
            long everySteps = parse.GetValue(checkpointEvery);
            UsageException.Require(everySteps >= 0, $"--checkpoint-every cannot be negative, got {everySteps}");
            int keepCount = parse.GetValue(keep);
            UsageException.Require(keepCount >= 1, $"--keep-checkpoints must be at least 1, got {keepCount}");
            UsageException.RequireIn(HyperparameterRanges.DropoutRate, "--dropout", dropoutRate);
            UsageException.Require(dropoutRate is null || gan.Definition.HasDropout, $"--dropout: {gan.Definition.Name} has no dropout layer");
            UsageException.RequireIn(HyperparameterRanges.NoiseSigma, "--input-noise", noiseSigma);
            UsageException.Require(noiseSigma is null || gan.Definition.HasInputNoise, $"--input-noise: {gan.Definition.Name} has no input-noise layer");
            UsageException.RequireIn(HyperparameterRanges.LabelSmoothing, "--label-smoothing", smoothing);
            float? lr = parse.GetValue(learningRate), b1 = parse.GetValue(beta1), b2 = parse.GetValue(beta2);
            UsageException.RequireIn(HyperparameterRanges.LearningRate, "--lr", lr);
            UsageException.RequireIn(HyperparameterRanges.Beta, "--beta1", b1);
            UsageException.RequireIn(HyperparameterRanges.Beta, "--beta2", b2);
            AdamSettings? Adam(AdamSettings declared, AdamSettings? saved) => saved
                ?? (lr is null && b1 is null && b2 is null ? null
                    : declared with { LearningRate = lr ?? declared.LearningRate, Beta1 = b1 ?? declared.Beta1, Beta2 = b2 ?? declared.Beta2 });
            var deviceChoice = DeviceOption.Resolve(parse.GetValue(device), parse.GetValue(cudaLibs));
            if (threadCount > 0) CpuKernels.Threads = threadCount;

            // The run directory is checked and locked before the data is loaded (which may mean a download), and
            // nothing but the lock is written until the data is in and the batch fits it: a refused run leaves nothing behind.
            using var freshLock = target is null ? RunDirectory.Claim(parse.GetValue(output), gan.Definition.Name) : null;
            string runDirectory = target?.RunDirectory ?? freshLock!.Directory;
            if (target is not null) WritableLocation.RequireDirectory("--resume", runDirectory);
            var images = TrainingData.Load(datasetName, parse.GetValue(dataDir), gan.Definition.ImageShape, message => Console.WriteLine(message), out int imageCount);
            UsageException.Require(batchSize <= imageCount,
                $"{(target is null ? "--batch-size" : "the run's batch size")} {batchSize} is larger than the dataset {datasetName} ({imageCount} images)");

            long measureEvery = parse.GetValue(evalEvery);
            int measureCount = parse.GetValue(evalCount);
            UsageException.Require(measureEvery >= 0, $"--eval-every must be 0 (none) or a number of steps, got {measureEvery}");
            UsageException.Require(measureCount is >= 2 and <= 100_000, $"--eval-count must be between 2 and 100000, got {measureCount}");
            UsageException.Require(measureEvery == 0 || gan.Definition.ImageShape[0] == 1,
                $"--eval-every: the judge reads grey digits; {gan.Definition.Name} makes colour images");
            using var judge = measureEvery > 0 ? ShippedJudge.Open(null) : null;
            var evaluator = judge is null ? null
                : new Dcgan.Runtime.Evaluation.DigitEvaluator(judge, TrainingData.Mnist(parse.GetValue(dataDir), train: false, Console.WriteLine))
                    .ForTraining(measureCount, target?.Seed ?? parse.GetValue(seed));

            // Ctrl-C or SIGTERM: finish the step, save a checkpoint, exit 130. A second Ctrl-C stops at once.
            using var interrupt = new CancellationTokenSource();
            void OnCancel(object? sender, ConsoleCancelEventArgs e)
            {
                if (interrupt.IsCancellationRequested) return;
                e.Cancel = true;
                interrupt.Cancel();
                Console.Error.WriteLine("dcgan-cli: interrupted; saving a checkpoint after this step (Ctrl-C again to stop at once)");
            }
            Console.CancelKeyPress += OnCancel;
            using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; interrupt.Cancel(); });

            if (deviceChoice.Note is { } deviceNote) Console.WriteLine(deviceNote);
            var options = new TrainingOptions
            {
                RunDirectory = runDirectory,
                Dataset = datasetName,
                Epochs = epochCount,
                BatchSize = batchSize,
                Seed = target?.Seed ?? parse.GetValue(seed),
                MaxSteps = steps,
                LogEvery = every,
                Device = deviceChoice.Device,
                GpuMode = mode,
                Threads = CpuKernels.Threads,
                DropoutRate = dropoutRate,
                InputNoise = noiseSigma,
                LabelSmoothing = smoothing,
                GeneratorAdam = Adam(gan.Definition.GeneratorAdam, target?.Config.GeneratorAdam),
                DiscriminatorAdam = Adam(gan.Definition.DiscriminatorAdam, target?.Config.DiscriminatorAdam),
                CheckpointEvery = everySteps,
                KeepCheckpoints = keepCount,
                ResumeFrom = target?.Checkpoint,
                Cancellation = interrupt.Token,
                OnDivergence = parse.GetValue(onNan) == "rollback" ? DivergencePolicy.Rollback : DivergencePolicy.Stop,
                EvaluateEvery = measureEvery,
                Evaluator = evaluator,
            };
            try
            {
                // A live progress bar on a terminal; plain lines in logs, pipes and CI.
                if (Console.IsOutputRedirected || !Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive)
                    new Trainer(gan, options, new ConsoleObserver()).Run(images, imageCount);
                else
                    ProgressObserver.Show(observer => new Trainer(gan, options, observer).Run(images, imageCount));
            }
            finally
            {
                Console.CancelKeyPress -= OnCancel;
            }
            return interrupt.IsCancellationRequested ? CliRunner.Interrupted : CliRunner.Ok;
        });
        return command;
    }
}
