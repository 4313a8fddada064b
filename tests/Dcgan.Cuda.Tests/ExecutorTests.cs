using Dcgan.Models;
using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;
using Xunit.Abstractions;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// The CUDA executor (CudaGanDevice) on the stand-in: for every zoo GAN, one eager step and three graph replays of the
/// fed step (the batch gathered and the latents drawn on the device) leave the state where the CPU step leaves it,
/// within the device program's StepTolerance; a settings change captures again; and two deliberately wrong executors
/// fail the same comparison.
/// </summary>
public class ExecutorTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models() => new(GanZoo.Models.Select(m => m.Definition.Name));

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void An_eager_step_and_three_graph_replays_match_the_cpu_step(string model)
    {
        using var run = ExecutorRun.Start(model);
        var breaches = new List<string>();
        for (int step = 0; step < 4; step++)
        {
            var differences = run.Step(step);
            foreach (var d in differences) output.WriteLine($"{model}, step {step + 1}: {d}");
            breaches.AddRange(run.Breaches(differences).Select(b => $"step {step + 1}: {b}"));
        }
        Assert.Empty(breaches);
        Assert.Equal((1, 1, 3), run.Cuda.FedStepRuns);
    }

    [SkippableFact]
    public void A_changed_learning_rate_is_captured_again()
    {
        using var run = ExecutorRun.Start("conv4x4");
        run.Step(0);
        run.Step(1);
        var halved = run.Cpu.Host.Generator.Adam with { LearningRate = run.Cpu.Host.Generator.Adam.LearningRate / 2 };
        run.Cpu.Host.Generator.Adam = halved;
        var breaches = new List<string>();
        for (int step = 2; step < 5; step++) breaches.AddRange(run.Breaches(run.Step(step)));
        Assert.Empty(breaches);
        // Eager, captured and replayed; then, the learning rate baked into the graph having changed: eager again, captured again.
        Assert.Equal((2, 2, 3), run.Cuda.FedStepRuns);
    }

    [SkippableTheory]
    [InlineData(nameof(ExecutorFault.CountersReadAtCapture))]
    [InlineData(nameof(ExecutorFault.ClearsOutsideGraph))]
    public void A_wrong_executor_fails_the_comparison(string fault)
    {
        using var run = ExecutorRun.Start("conv4x4", Enum.Parse<ExecutorFault>(fault));
        var breaches = new List<string>();
        for (int step = 0; step < 3; step++) breaches.AddRange(run.Breaches(run.Step(step)).Select(b => $"step {step + 1}: {b}"));
        foreach (var b in breaches) output.WriteLine(b);
        Assert.NotEmpty(breaches);
    }
}
