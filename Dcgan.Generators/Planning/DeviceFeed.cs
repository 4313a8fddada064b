using System.Collections.Generic;
using Dcgan.Generators.Model;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// What a fed step runs on the device before the training step, as CpuGanDevice.TrainStep does on the CPU: the real
    /// batch gathered from the dataset through the epoch's order at the batch-index counter (BatchSource.Fill), then
    /// LatentD and LatentG filled from the latent counter (two LatentSampler.Fill calls, seed and stream 3 of the run).
    /// Each statement advances the counter it read, so fed steps chain without the host. The statements have device
    /// forms only: the CPU's feed is the runtime's, not generated code.
    /// </summary>
    internal sealed class DeviceFeed
    {
        public DeviceFeed(GanModel gan, NetworkPlan g, NetworkPlan d, Recipes recipes)
        {
            long image = ShapeText.Size(d.Input), latent = ShapeText.Size(g.Input);
            bool zeroOne = gan.Pixels == PixelRange.ZeroOne, uniform = gan.LatentDistribution == LatentDistribution.Uniform;
            Gather = DeviceKernels.GatherBatch(image, zeroOne ? 0f : -1f, 1f,
                $"a real batch {ShapeText.Of(d.Input)}: the epoch's order, 8-bit pixels scaled to [{(zeroOne ? 0 : -1)}, 1]");
            Latent = DeviceKernels.Latent(uniform, latent, $"a latent batch {ShapeText.Of(g.Input)}, {(uniform ? "uniform on [-1, 1]" : "standard normal")}");
            AdvanceLatent = DeviceKernels.AdvanceLatentCounter(latent);
            AdvanceCounter = DeviceKernels.AdvanceCounter();

            var phase = new Phase("Feed", "The real batch and both latent batches, from the dataset, the epoch's order and the device's counters.");
            Program.Phases.Add(phase);
            phase.Statements.Add(new Statement("the real batch: batch BatchIndex of the epoch's order (BatchSource.Fill), then the next batch", OpCode.FeedRealBatch)
                .Launch(Gather, Operand.Of(recipes.Real), Operand.Dataset, Operand.Order, Operand.Counter("BatchIndex"), Operand.Batch)
                .Launch(AdvanceCounter, Operand.Counter("BatchIndex")));
            // D's latents first, then G's: the order LatentSampler draws them in.
            foreach (var (slot, whose) in new[] { (recipes.LatentD, "D's fake batch"), (recipes.LatentG, "G's step") })
                phase.Statements.Add(new Statement($"latents of {whose} from the latent counter (LatentSampler.Fill), which then moves past them", OpCode.FeedLatents)
                    .Launch(Latent, Operand.Of(slot), Operand.Counter("Latent"), Operand.Value("Seed"), Operand.Value("LatentStream"), Operand.Batch)
                    .Launch(AdvanceLatent, Operand.Counter("Latent"), Operand.Batch));
        }

        public DeviceKernel Gather { get; }
        public DeviceKernel Latent { get; }
        public DeviceKernel AdvanceLatent { get; }
        public DeviceKernel AdvanceCounter { get; }

        /// <summary>The feed as one phase of statements, for the device-program emitter.</summary>
        public StepProgram Program { get; } = new StepProgram();

        /// <summary>The feed's kernels, once each, in the order they head the kernel table.</summary>
        public IEnumerable<DeviceKernel> Kernels => new[] { Gather, Latent, AdvanceLatent, AdvanceCounter };
    }
}
