using Dcgan.Runtime;

namespace Dcgan.App;

/// <summary>
/// What a training run tells the person watching, as lines of text: the run's shape at the start, one line
/// per log interval, one per epoch (after redrawing losses.png), and how it ended. Subclasses decide where
/// lines go and how the per-interval progress is shown.
/// </summary>
public abstract class TextObserver : ITrainingObserver
{
    protected abstract void Line(string text);

    public virtual void RunStarted(GanDefinition definition, TrainingOptions options, int stepsPerEpoch, int datasetSize)
    {
        // Threads are the CPU's; a GPU run names its device.
        string where = options.Device == "cpu" ? $"on the cpu with {options.Threads} threads" : $"on {options.Device}";
        Line($"Training {definition.Name} on {options.Dataset} ({datasetSize:N0} images) {where}");
        Line($"  G {definition.ParameterCount(Net.Generator):N0} parameters, D {definition.ParameterCount(Net.Discriminator):N0}; "
            + $"batch {options.BatchSize}, {stepsPerEpoch} steps per epoch, {options.Epochs} epochs"
            + (options.MaxSteps > 0 ? $", at most {options.MaxSteps} steps" : "") + $"; seed {options.Seed}");
        Line($"  writing to {options.RunDirectory}");
    }

    public virtual void StepsDone(TrainingMetrics m) => Line($"  epoch {m.Epoch} step {m.StepInEpoch}/{m.StepsPerEpoch}  {Losses(m)}");
    public virtual void StepTaken(long step, int epoch, int stepInEpoch, int stepsPerEpoch) { }

    public void RolledBack(string why, string checkpoint, float generatorLearningRate, float discriminatorLearningRate)
        => Line($"{why} Rolling back to {checkpoint} with learning rates halved (G {generatorLearningRate:G3}, D {discriminatorLearningRate:G3}).");

    public virtual void EpochDone(TrainingMetrics m, string samplePath)
    {
        // losses.png sits beside metrics.csv in the run directory, two levels above the sample grid.
        string run = Path.GetDirectoryName(Path.GetDirectoryName(samplePath)) ?? ".";
        LossPlot.Write(Path.Combine(run, "metrics.csv"), Path.Combine(run, "losses.png"));
        Line($"epoch {m.Epoch}: {Losses(m)}  -> {samplePath}, losses.png");
    }

    public void RunDone(long steps, TimeSpan elapsed, string checkpointPath)
        => Line($"done: {steps} steps in {elapsed.TotalSeconds:F1} s; checkpoint {checkpointPath}");

    public void Resumed(string checkpointPath, long step, int epoch)
        => Line($"resuming from {checkpointPath}: step {step}, epoch {epoch}");

    public void Interrupted(long step, string checkpointPath)
        => Line($"interrupted after step {step}; saved {checkpointPath}. Continue with: dcgan-cli train --resume {checkpointPath}");

    protected static string Losses(TrainingMetrics m)
        => $"d_loss {m.DLoss:F4}  g_loss {m.GLoss:F4}  D(x) {m.DOfReal:F3}  D(G(z)) {m.DOfFake:F3}  {m.ImagesPerSecond:N0} img/s"
            + (m.Quality is { } q ? $"  FID {q.Fid:F2}, {q.ClassesCovered}/10 digits, confidence {q.MeanConfidence:F2}" : "");
}

/// <summary>Plain lines on standard output, for logs, pipes and CI.</summary>
public sealed class ConsoleObserver : TextObserver
{
    protected override void Line(string text) => Console.WriteLine(text);
}
