using System.CommandLine;
using System.Runtime.InteropServices;
using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.IO;

namespace Dcgan.App.Commands;

/// <summary><c>dcgan-cli train --dataset mnist</c>: fetch the data if needed, train, write samples, metrics and checkpoints; <c>--resume</c> continues a run.</summary>
public static class TrainCommand
{
    public const string DefaultModel = "pyimagesearch";

    public static Command Create()
    {
        var flags = new TrainFlags();
        var command = new Command("train", "Train a GAN of the zoo or of this application");
        foreach (var option in flags.All) command.Add(option);
        command.SetAction(parse => Train(parse, flags));
        return command;
    }

    private static int Train(ParseResult parse, TrainFlags flags)
    {
        // One trainer per run directory: a resumed run takes the run's lock before it reads anything of it.
        string? resumePath = parse.GetValue(flags.Resume);
        using var resumedLock = resumePath is null ? null : RunLock.Acquire(ResumeTarget.RunDirectoryOf(resumePath));
        var target = resumePath is null ? null : ResumeTarget.Find(resumePath);
        if (target is not null) RequireAgreementWithRun(parse, flags, target);
        var request = TrainRequest.From(parse, flags, target);
        if (request.Threads > 0) CpuKernels.Threads = request.Threads;

        // The run directory is checked and locked before the data is loaded (which may mean a download), and
        // nothing but the lock is written until the data is in and the batch fits it: a refused run leaves nothing behind.
        using var freshLock = target is null ? RunDirectory.Claim(request.Output, request.Model.Definition.Name) : null;
        string runDirectory = target?.RunDirectory ?? freshLock!.Directory;
        if (target is not null) WritableLocation.RequireDirectory("--resume", runDirectory);
        var images = LoadImages(request, out int imageCount);

        var evaluation = EvaluationRequest.From(parse, flags, request.Model);
        using var judge = evaluation.Every > 0 ? ShippedJudge.Open(null) : null;
        var evaluator = judge is null ? null
            : new Dcgan.Runtime.Evaluation.DigitEvaluator(judge, TrainingData.Mnist(request.DataDirectory, train: false, Console.WriteLine))
                .ForTraining(evaluation.Count, request.Seed);

        using var interruption = new Interruption();
        if (request.Device.Note is { } deviceNote) Console.WriteLine(deviceNote);
        RunTrainer(request.Model, request.ToTrainingOptions(runDirectory, evaluation, evaluator, interruption.Token), images, imageCount);
        return interruption.Requested ? CliRunner.Interrupted : CliRunner.Ok;
    }

    /// <summary>A resumed run continues as it was started: flags that would change what it is are refused.</summary>
    private static void RequireAgreementWithRun(ParseResult parse, TrainFlags flags, ResumeTarget target)
    {
        bool Given(Option option) => TrainFlags.Given(parse, option);
        foreach (var (option, value, saved) in new (Option, object?, object)[]
        {
            (flags.Model, parse.GetValue(flags.Model), target.Model), (flags.Dataset, parse.GetValue(flags.Dataset), target.Dataset),
            (flags.BatchSize, parse.GetValue(flags.BatchSize), target.BatchSize), (flags.Seed, parse.GetValue(flags.Seed), target.Seed),
        })
            UsageException.Require(!Given(option) || Equals(value, saved), $"--resume: the run was started with {option.Name} {saved}, not {value}");
        UsageException.Require(!Given(flags.Output), "--resume continues in the run's own directory; leave out --out");
        foreach (var adamFlag in new Option[] { flags.LearningRate, flags.Beta1, flags.Beta2 })
            UsageException.Require(!Given(adamFlag), $"--resume continues with the Adam settings in the run's config.json; leave out {adamFlag.Name}");
    }

    /// <summary>The training images (fetched if need be), refused when the batch is larger than the dataset.</summary>
    private static byte[] LoadImages(TrainRequest request, out int imageCount)
    {
        var (target, batchSize, datasetName) = (request.Resumed, request.BatchSize, request.Dataset);
        var images = TrainingData.Load(datasetName, request.DataDirectory, request.Model.Definition.ImageShape, message => Console.WriteLine(message), out imageCount);
        UsageException.Require(batchSize <= imageCount,
            $"{(target is null ? "--batch-size" : "the run's batch size")} {batchSize} is larger than the dataset {datasetName} ({imageCount} images)");
        return images;
    }

    /// <summary>A live progress bar on a terminal; plain lines in logs, pipes and CI.</summary>
    private static void RunTrainer(IGanModel gan, TrainingOptions options, byte[] images, int imageCount)
    {
        if (Console.IsOutputRedirected || !Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive)
            new Trainer(gan, options, new ConsoleObserver()).Run(images, imageCount);
        else
            ProgressObserver.Show(observer => new Trainer(gan, options, observer).Run(images, imageCount));
    }

    /// <summary>
    /// Ctrl-C or SIGTERM: finish the step, save a checkpoint, exit 130. A second Ctrl-C stops at once. Listens from
    /// construction until disposed.
    /// </summary>
    private sealed class Interruption : IDisposable
    {
        private readonly CancellationTokenSource _interrupt = new();
        private readonly PosixSignalRegistration _terminate;

        public Interruption()
        {
            Console.CancelKeyPress += OnCancel;
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; _interrupt.Cancel(); });
        }

        public CancellationToken Token => _interrupt.Token;

        public bool Requested => _interrupt.IsCancellationRequested;

        private void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            if (_interrupt.IsCancellationRequested) return;
            e.Cancel = true;
            _interrupt.Cancel();
            Console.Error.WriteLine("dcgan-cli: interrupted; saving a checkpoint after this step (Ctrl-C again to stop at once)");
        }

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancel;
            _terminate.Dispose();
            _interrupt.Dispose();
        }
    }
}
