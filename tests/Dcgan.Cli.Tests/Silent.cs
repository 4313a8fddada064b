using Dcgan.Runtime;

namespace Dcgan.Cli.Tests;

/// <summary>A training observer that prints nothing (tests capturing the console run in parallel), with a hook after each report.</summary>
internal sealed class Silent : ITrainingObserver
{
    public Action<long>? AfterStep { get; init; }
    public void RunStarted(GanDefinition definition, TrainingOptions options, int stepsPerEpoch, int datasetSize) { }
    public void StepsDone(TrainingMetrics metrics) => AfterStep?.Invoke(metrics.Step);
    public void EpochDone(TrainingMetrics epochAverage, string samplePath) { }
    public void RunDone(long steps, TimeSpan elapsed, string checkpointPath) { }
    public void Resumed(string checkpointPath, long step, int epoch) { }
    public void Interrupted(long step, string checkpointPath) { }
    public Action<string>? OnRolledBack { get; init; }
    public void RolledBack(string why, string checkpoint, float generatorLearningRate, float discriminatorLearningRate) => OnRolledBack?.Invoke(checkpoint);
}
