namespace Dcgan.Runtime;

/// <summary>What a run does when its losses or parameters stop being finite.</summary>
public enum DivergencePolicy
{
    /// <summary>Stop, naming the step and the last good checkpoint, which is left as it was.</summary>
    Stop,
    /// <summary>Go back to the last good checkpoint with both learning rates halved, at most <see cref="TrainingOptions.MaxRollbacks"/> times.</summary>
    Rollback,
}

/// <summary>A loss or a parameter became NaN or infinite: the run cannot go on from here.</summary>
public sealed class DivergenceException(long step, string what, string? lastGoodCheckpoint)
    : DcganException($"training diverged at step {step}: {what}. "
        + (lastGoodCheckpoint is null
            ? "No checkpoint was written before it; start again with a lower --lr."
            : $"The last good checkpoint is {lastGoodCheckpoint} (left intact); continue from it with --resume, or rerun with --on-nan rollback."))
{
    public long Step { get; } = step;
    public string? LastGoodCheckpoint { get; } = lastGoodCheckpoint;
}
