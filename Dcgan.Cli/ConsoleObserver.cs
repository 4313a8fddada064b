using Dcgan.Runtime;

namespace Dcgan.Cli;

/// <summary>Plain progress lines: one per log interval and one per epoch.</summary>
public sealed class ConsoleObserver : ITrainingObserver
{
    public void RunStarted(GanDefinition definition, TrainingOptions options, int stepsPerEpoch, int datasetSize)
    {
        Console.WriteLine($"Training {definition.Name} on {options.Dataset} ({datasetSize:N0} images) on the {options.Device} with {options.Threads} threads");
        Console.WriteLine($"  G {definition.ParameterCount(Net.Generator):N0} parameters, D {definition.ParameterCount(Net.Discriminator):N0}; "
            + $"batch {options.BatchSize}, {stepsPerEpoch} steps per epoch, {options.Epochs} epochs"
            + (options.MaxSteps > 0 ? $", at most {options.MaxSteps} steps" : "") + $"; seed {options.Seed}");
        Console.WriteLine($"  writing to {options.RunDirectory}");
    }

    public void StepsDone(TrainingMetrics m)
        => Console.WriteLine($"  epoch {m.Epoch} step {m.StepInEpoch}/{m.StepsPerEpoch}  d_loss {m.DLoss:F4}  g_loss {m.GLoss:F4}  D(x) {m.DOfReal:F3}  D(G(z)) {m.DOfFake:F3}  {m.ImagesPerSecond:N0} img/s");

    public void EpochDone(TrainingMetrics m, string samplePath)
    {
        // losses.png sits beside metrics.csv in the run directory, two levels above the sample grid.
        string run = Path.GetDirectoryName(Path.GetDirectoryName(samplePath)) ?? ".";
        LossPlot.Write(Path.Combine(run, "metrics.csv"), Path.Combine(run, "losses.png"));
        Console.WriteLine($"epoch {m.Epoch}: d_loss {m.DLoss:F4}  g_loss {m.GLoss:F4}  D(x) {m.DOfReal:F3}  D(G(z)) {m.DOfFake:F3}  {m.ImagesPerSecond:N0} img/s  -> {samplePath}, losses.png");
    }

    public void RunDone(long steps, TimeSpan elapsed, string checkpointPath)
        => Console.WriteLine($"done: {steps} steps in {elapsed.TotalSeconds:F1} s; checkpoint {checkpointPath}");

    public void Resumed(string checkpointPath, long step, int epoch)
        => Console.WriteLine($"resuming from {checkpointPath}: step {step}, epoch {epoch}");

    public void Interrupted(long step, string checkpointPath)
        => Console.WriteLine($"interrupted after step {step}; saved {checkpointPath}. Continue with: dcgan-cli train --resume {checkpointPath}");
}
