namespace Dcgan.Runtime;

/// <summary>What one training run was asked to do; written to config.json so the run can be reproduced.</summary>
public sealed record TrainingOptions
{
    public required string RunDirectory { get; init; }
    public required string Dataset { get; init; }
    public required int Epochs { get; init; }
    public required int BatchSize { get; init; }
    public required ulong Seed { get; init; }
    /// <summary>Stop after this many steps in all (0: run every epoch).</summary>
    public long MaxSteps { get; init; }
    /// <summary>Steps between rows of metrics.csv.</summary>
    public int LogEvery { get; init; } = 50;
    public string Device { get; init; } = "cpu";
    /// <summary>On a GPU: speed (the default of train) or parity; ignored on the CPU.</summary>
    public Cuda.GpuMode GpuMode { get; init; } = Cuda.GpuMode.Speed;
    /// <summary>The rate of every dropout layer (null: the model's declared rate).</summary>
    public float? DropoutRate { get; init; }
    /// <summary>Sigma of every input-noise layer (null: the model's declared sigma).</summary>
    public float? InputNoise { get; init; }
    /// <summary>Two-sided label smoothing of D's targets (null: the model's declared value).</summary>
    public float? LabelSmoothing { get; init; }
    /// <summary>Adam's settings for G (null: the model's declared ones).</summary>
    public AdamSettings? GeneratorAdam { get; init; }
    /// <summary>Adam's settings for D (null: the model's declared ones).</summary>
    public AdamSettings? DiscriminatorAdam { get; init; }
    public int Threads { get; init; }
    /// <summary>Steps between checkpoints (0: only at the end of each epoch and of the run).</summary>
    public long CheckpointEvery { get; init; }
    /// <summary>How many step_NNNNNNN checkpoints to keep; older ones are deleted.</summary>
    public int KeepCheckpoints { get; init; } = 3;
    /// <summary>A checkpoint of this run to continue from: the run then ends where an uninterrupted one would.</summary>
    public string? ResumeFrom { get; init; }
    /// <summary>Cancelled (Ctrl-C): the trainer saves a checkpoint at the next step boundary and returns.</summary>
    public CancellationToken Cancellation { get; init; }
    /// <summary>What to do when a loss or a parameter is no longer finite.</summary>
    public DivergencePolicy OnDivergence { get; init; } = DivergencePolicy.Stop;
    /// <summary>How many times <see cref="DivergencePolicy.Rollback"/> may go back before the run stops.</summary>
    public int MaxRollbacks { get; init; } = 3;
    /// <summary>Steps between measurements of the generated images (0: none); needs <see cref="Evaluator"/>.</summary>
    public long EvaluateEvery { get; init; }
    /// <summary>Measures G's images (FID, class coverage, confidence) every <see cref="EvaluateEvery"/> steps.</summary>
    public ISampleEvaluator? Evaluator { get; init; }
}

/// <summary>Measures what a generator draws, through the training device (its generation may use the arena; nothing else changes).</summary>
public interface ISampleEvaluator
{
    Dcgan.Runtime.Evaluation.SampleQuality Evaluate(IGanDevice device);
}

/// <summary>Averages over the steps since the last report, and the images' quality when they were measured at its last step.</summary>
public readonly record struct TrainingMetrics(long Step, int Epoch, int StepInEpoch, int StepsPerEpoch,
    double DLoss, double GLoss, double DOfReal, double DOfFake, double ImagesPerSecond)
{
    public Dcgan.Runtime.Evaluation.SampleQuality? Quality { get; init; }
}

/// <summary>What the trainer tells the person watching (the CLI prints these).</summary>
public interface ITrainingObserver
{
    void RunStarted(GanDefinition definition, TrainingOptions options, int stepsPerEpoch, int datasetSize);
    void StepsDone(TrainingMetrics metrics);
    /// <summary>After every step, for displays that move with each step (a progress bar); must be cheap.</summary>
    void StepTaken(long step, int epoch, int stepInEpoch, int stepsPerEpoch) { }
    /// <summary>The run diverged and goes back to <paramref name="checkpoint"/> with these learning rates.</summary>
    void RolledBack(string why, string checkpoint, float generatorLearningRate, float discriminatorLearningRate) { }
    void EpochDone(TrainingMetrics epochAverage, string samplePath);
    void RunDone(long steps, TimeSpan elapsed, string checkpointPath);
    void Resumed(string checkpointPath, long step, int epoch);
    void Interrupted(long step, string checkpointPath);
}
