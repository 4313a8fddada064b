using Dcgan.Parity.Tests.DeviceProgram;
using Dcgan.Runtime;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// The fed step's graph, replayed twice from the same state on the same batch, leaves the same bits in every buffer,
/// the scratch's partial sums included: the split reductions combine their parts in a fixed order (no atomics), so a
/// replay is as reproducible as an eager step. (On the stand-in blocks run one after another; the g++ kernel tests add
/// that the parts do not depend on the grid.)
/// </summary>
public class ReplayDeterminismTests
{
    [SkippableFact]
    public void Two_replays_of_one_step_from_one_state_give_the_same_bits()
    {
        using var run = ExecutorRun.Start("pyimagesearch");
        run.Step(0);
        run.Step(1);
        var definition = run.Model.Definition;
        using var start = new GanState(definition, ExecutorRun.Batch);
        using var first = new GanState(definition, ExecutorRun.Batch);
        ExecutorRun.CopyState(run.Cpu.Host, start);
        ulong latent = run.Cpu.LatentCounter;

        run.Step(2);
        ExecutorRun.CopyState(run.Cuda.Host, first);
        (first.DLoss, first.GLoss, first.DLossReal, first.DLossFake) = (run.Cuda.Host.DLoss, run.Cuda.Host.GLoss, run.Cuda.Host.DLossReal, run.Cuda.Host.DLossFake);
        ExecutorRun.CopyState(start, run.Cpu.Host);
        run.Cpu.LatentCounter = latent;
        run.Step(2);

        var parameters = new[] { Net.Generator, Net.Discriminator }.ToDictionary(net => net, net => start.Network(net).Parameters.AsSpan().ToArray());
        var differing = BufferDifference.Between(first, run.Cuda.Host, parameters).Where(d => !d.Identical).Select(d => d.ToString()).ToList();
        if (!first.Scratch.AsSpan().SequenceEqual(run.Cuda.Host.Scratch.AsSpan())) differing.Add("scratch (partial sums included) differs");
        Assert.Empty(differing);
        // Eager, captured (and launched), then both runs of batch 2 replays.
        Assert.Equal((1, 1, 3), run.Cuda.FedStepRuns);
    }
}
