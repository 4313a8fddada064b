using System.CommandLine;
using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;

namespace Dcgan.App.Commands;

/// <summary>
/// What <c>train</c> was asked for, every flag checked (exit 2 and one line for a value no run can use) and, for
/// <c>--resume</c>, filled in from the run's config.json: all that can be known before the run directory is
/// claimed and the data loaded.
/// </summary>
public sealed record TrainRequest(
    ResumeTarget? Resumed,
    GpuMode Mode,
    IGanModel Model,
    string Dataset,
    int BatchSize,
    int Epochs,
    long MaxSteps,
    int Threads,
    int LogEvery,
    float? Dropout,
    float? InputNoise,
    float? LabelSmoothing,
    long CheckpointEvery,
    int KeepCheckpoints,
    AdamSettings? GeneratorAdam,
    AdamSettings? DiscriminatorAdam,
    DeviceChoice Device,
    ulong Seed,
    string? Output,
    string? DataDirectory,
    DivergencePolicy OnDivergence)
{
    /// <summary>
    /// Reads and checks the flags in the order they have always been checked, so a command line with several
    /// mistakes is refused for the same one. <paramref name="target"/>'s saved settings stand in for flags not given.
    /// </summary>
    public static TrainRequest From(ParseResult parse, TrainFlags flags, ResumeTarget? target)
    {
        bool Given(Option option) => TrainFlags.Given(parse, option);
        // A resumed run keeps the mode it was started in unless told otherwise.
        var mode = GpuModeOption.Resolve(parse.GetValue(flags.GpuMode), target?.Config.GpuMode ?? GpuMode.Speed);
        var gan = ModelCatalog.Require(target?.Model ?? parse.GetValue(flags.Model)!);
        string datasetName = target?.Dataset ?? parse.GetValue(flags.Dataset)!;
        TrainingData.Check(datasetName);
        int batchSize = target?.BatchSize ?? parse.GetValue(flags.BatchSize) ?? gan.Definition.DefaultBatch;
        UsageException.RequireIn(HyperparameterRanges.BatchSize, "--batch-size", batchSize);
        if (MemoryBudget.Problem(gan.Definition, batchSize, MemoryBudget.AvailableBytes()) is { } tooBig)
            throw new UsageException($"--batch-size {batchSize}: {tooBig}");
        int epochCount = target is not null && !Given(flags.Epochs) ? target.Epochs : parse.GetValue(flags.Epochs);
        UsageException.RequireIn(HyperparameterRanges.Epochs, "--epochs", epochCount);
        long steps = target is not null && !Given(flags.MaxSteps) ? target.MaxSteps : parse.GetValue(flags.MaxSteps);
        UsageException.Require(steps >= 0, $"--max-steps cannot be negative, got {steps}");
        int threadCount = parse.GetValue(flags.Threads);
        UsageException.Require(!Given(flags.Threads) || threadCount is >= 1 and <= 1024, $"--threads must be between 1 and 1024, got {threadCount}");
        int every = parse.GetValue(flags.LogEvery);
        UsageException.Require(every >= 1, $"--log-every must be at least 1, got {every}");
        float? dropoutRate = parse.GetValue(flags.Dropout) ?? target?.Dropout, noiseSigma = parse.GetValue(flags.InputNoise) ?? target?.InputNoise;
        float? smoothing = parse.GetValue(flags.LabelSmoothing) ?? target?.LabelSmoothing;
        long everySteps = parse.GetValue(flags.CheckpointEvery);
        UsageException.Require(everySteps >= 0, $"--checkpoint-every cannot be negative, got {everySteps}");
        int keepCount = parse.GetValue(flags.KeepCheckpoints);
        UsageException.Require(keepCount >= 1, $"--keep-checkpoints must be at least 1, got {keepCount}");
        UsageException.RequireIn(HyperparameterRanges.DropoutRate, "--dropout", dropoutRate);
        UsageException.Require(dropoutRate is null || gan.Definition.HasDropout, $"--dropout: {gan.Definition.Name} has no dropout layer");
        UsageException.RequireIn(HyperparameterRanges.NoiseSigma, "--input-noise", noiseSigma);
        UsageException.Require(noiseSigma is null || gan.Definition.HasInputNoise, $"--input-noise: {gan.Definition.Name} has no input-noise layer");
        UsageException.RequireIn(HyperparameterRanges.LabelSmoothing, "--label-smoothing", smoothing);
        float? lr = parse.GetValue(flags.LearningRate), b1 = parse.GetValue(flags.Beta1), b2 = parse.GetValue(flags.Beta2);
        UsageException.RequireIn(HyperparameterRanges.LearningRate, "--lr", lr);
        UsageException.RequireIn(HyperparameterRanges.Beta, "--beta1", b1);
        UsageException.RequireIn(HyperparameterRanges.Beta, "--beta2", b2);
        AdamSettings? Adam(AdamSettings declared, AdamSettings? saved) => saved
            ?? (lr is null && b1 is null && b2 is null ? null
                : declared with { LearningRate = lr ?? declared.LearningRate, Beta1 = b1 ?? declared.Beta1, Beta2 = b2 ?? declared.Beta2 });
        var deviceChoice = DeviceOption.Resolve(parse.GetValue(flags.Device), parse.GetValue(flags.CudaLibs));
        return new TrainRequest(
            target, mode, gan, datasetName, batchSize, epochCount, steps, threadCount, every, dropoutRate, noiseSigma, smoothing, everySteps, keepCount,
            Adam(gan.Definition.GeneratorAdam, target?.Config.GeneratorAdam), Adam(gan.Definition.DiscriminatorAdam, target?.Config.DiscriminatorAdam),
            deviceChoice, target?.Seed ?? parse.GetValue(flags.Seed), parse.GetValue(flags.Output), parse.GetValue(flags.DataDir),
            parse.GetValue(flags.OnNan) == "rollback" ? DivergencePolicy.Rollback : DivergencePolicy.Stop);
    }

    /// <summary>The trainer's options for this request, run in <paramref name="runDirectory"/> on <see cref="Runtime.Cpu.CpuKernels.Threads"/> threads.</summary>
    public TrainingOptions ToTrainingOptions(string runDirectory, EvaluationRequest evaluation, ISampleEvaluator? evaluator, CancellationToken cancellation) => new()
    {
        RunDirectory = runDirectory,
        Dataset = Dataset,
        Epochs = Epochs,
        BatchSize = BatchSize,
        Seed = Seed,
        MaxSteps = MaxSteps,
        LogEvery = LogEvery,
        Device = Device.Device,
        GpuMode = Mode,
        Threads = Runtime.Cpu.CpuKernels.Threads,
        DropoutRate = Dropout,
        InputNoise = InputNoise,
        LabelSmoothing = LabelSmoothing,
        GeneratorAdam = GeneratorAdam,
        DiscriminatorAdam = DiscriminatorAdam,
        CheckpointEvery = CheckpointEvery,
        KeepCheckpoints = KeepCheckpoints,
        ResumeFrom = Resumed?.Checkpoint,
        Cancellation = cancellation,
        OnDivergence = OnDivergence,
        EvaluateEvery = evaluation.Every,
        Evaluator = evaluator,
    };
}

/// <summary><c>--eval-every</c> and <c>--eval-count</c>, checked once the data is in (as they always were).</summary>
public sealed record EvaluationRequest(long Every, int Count)
{
    public static EvaluationRequest From(ParseResult parse, TrainFlags flags, IGanModel gan)
    {
        long measureEvery = parse.GetValue(flags.EvalEvery);
        int measureCount = parse.GetValue(flags.EvalCount);
        UsageException.Require(measureEvery >= 0, $"--eval-every must be 0 (none) or a number of steps, got {measureEvery}");
        UsageException.Require(measureCount is >= 2 and <= 100_000, $"--eval-count must be between 2 and 100000, got {measureCount}");
        UsageException.Require(measureEvery == 0 || gan.Definition.ImageShape[0] == 1,
            $"--eval-every: the judge reads grey digits; {gan.Definition.Name} makes colour images");
        return new EvaluationRequest(measureEvery, measureCount);
    }
}
