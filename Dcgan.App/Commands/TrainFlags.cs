using System.CommandLine;
using Dcgan.Runtime.Data;

namespace Dcgan.App.Commands;

/// <summary>The options of <c>train</c>: their names, descriptions and defaults.</summary>
public sealed record TrainFlags
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = $"Training data: {TrainingData.Describe}", DefaultValueFactory = _ => "mnist" };
    public Option<string> Model { get; } = new("--model") { Description = "A model of the zoo or of this application (see: models)", DefaultValueFactory = _ => TrainCommand.DefaultModel };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Passes over the dataset", DefaultValueFactory = _ => 5 };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Images per step (default: the model's own)" };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of weights, data order and latents", DefaultValueFactory = _ => 1 };
    public Option<string?> Output { get; } = new("--out") { Description = "Run directory (default: runs/<model>, or runs/<model>-N if taken)" };
    public Option<long> MaxSteps { get; } = new("--max-steps") { Description = "Stop after this many steps in all (0: no limit)" };
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = $"Where datasets live (default: ${DataDirectory.EnvironmentVariable}, else ~/.local/share/dcgan)" };
    public Option<int> Threads { get; } = new("--threads") { Description = "CPU threads (default: all cores)" };
    public Option<int> LogEvery { get; } = new("--log-every") { Description = "Steps between rows of metrics.csv", DefaultValueFactory = _ => 50 };
    public Option<float?> Dropout { get; } = new("--dropout") { Description = "Rate of every dropout layer (default: the model's own)" };
    public Option<float?> InputNoise { get; } = new("--input-noise") { Description = "Sigma of every input-noise layer (default: the model's own)" };
    public Option<float?> LabelSmoothing { get; } = new("--label-smoothing") { Description = "Two-sided smoothing of D's targets, in [0, 1) (default: the model's own)" };
    public Option<string> Device { get; } = DeviceOption.Create();
    public Option<string?> CudaLibs { get; } = DeviceOption.CreateCudaLibs();
    public Option<string?> GpuMode { get; } = GpuModeOption.Create();
    public Option<string?> Resume { get; } = new("--resume") { Description = "Continue a run: its directory (newest checkpoint) or one checkpoint; --epochs and --max-steps count the whole run" };
    public Option<long> CheckpointEvery { get; } = new("--checkpoint-every") { Description = "Steps between checkpoints, besides each epoch's end (0: epoch ends only)", DefaultValueFactory = _ => 500 };
    public Option<int> KeepCheckpoints { get; } = new("--keep-checkpoints") { Description = "How many step checkpoints to keep", DefaultValueFactory = _ => 3 };
    public Option<float?> LearningRate { get; } = new("--lr") { Description = "Adam's learning rate for G and D, in (0, 1] (default: the model's own)" };
    public Option<float?> Beta1 { get; } = new("--beta1") { Description = "Adam's beta1 for G and D, in [0, 1) (default: the model's own)" };
    public Option<float?> Beta2 { get; } = new("--beta2") { Description = "Adam's beta2 for G and D, in [0, 1) (default: the model's own)" };
    public Option<string> OnNan { get; } = new("--on-nan") { Description = "When a loss or parameter stops being finite: stop (naming the last good checkpoint) or rollback (to it, learning rates halved, at most 3 times)", DefaultValueFactory = _ => "stop" };
    public Option<long> EvalEvery { get; } = new("--eval-every") { Description = "Steps between measurements of G's digits by the MNIST judge (FID, digits covered, confidence) into metrics.csv and losses.png (0: none)" };
    public Option<int> EvalCount { get; } = new("--eval-count") { Description = "Images each measurement generates", DefaultValueFactory = _ => 10_000 };

    public TrainFlags() => OnNan.AcceptOnlyFromAmong("stop", "rollback");

    /// <summary>Every option, in the order <c>train --help</c> lists them.</summary>
    public IReadOnlyList<Option> All =>
    [
        Dataset, Model, Epochs, BatchSize, Seed, Output, MaxSteps, DataDir, Threads, LogEvery, Dropout, InputNoise, LabelSmoothing,
        Device, CudaLibs, GpuMode, Resume, CheckpointEvery, KeepCheckpoints, LearningRate, Beta1, Beta2, EvalEvery, EvalCount, OnNan,
    ];

    /// <summary>Whether <paramref name="option"/> was on the command line (not just its default).</summary>
    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
