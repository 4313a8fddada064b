namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// How the step's reductions (bias gradients, losses) are split over blocks so that they fill a GPU: a partial
    /// launch sums each part into scratch, a second launch adds the parts in a fixed order (no atomics: the same bits
    /// every run and every graph replay). The rule, decided at launch from n and the constants compiled in here: one
    /// part per <see cref="BiasChunk"/> (or <see cref="LossChunk"/>) elements, so every block does a few thousand
    /// elements' work, and at most <see cref="MaxParts"/> per reduction, so a launch has about <see cref="TargetBlocks"/>
    /// blocks (several for each of an H100's 132 SMs) and the scratch has a size fixed at build time.
    /// </summary>
    internal sealed class ReductionSplit
    {
        /// <summary>Blocks a launch aims at: 132 SMs (H100) times about 8 resident blocks of 256 threads.</summary>
        public const int TargetBlocks = 1024;
        /// <summary>Elements of dy one bias-gradient block sums at least: 16 loads for each of 256 threads.</summary>
        public const long BiasChunk = 4096;
        /// <summary>Samples one loss block takes at least: each costs a double log and exp (a row of them for softmax).</summary>
        public const long LossChunk = 1024;

        public ReductionSplit(DeviceKernel partials, DeviceKernel combine, int reductions, int maxParts)
        {
            Partials = partials;
            Combine = combine;
            ScratchFloats = 2L * reductions * maxParts;
            partials.CombinedBy = combine;
        }

        public DeviceKernel Partials { get; }
        public DeviceKernel Combine { get; }
        /// <summary>The partial sums' scratch, in floats: one double per part of every reduction at the most parts.</summary>
        public long ScratchFloats { get; }

        /// <summary>The most parts each of <paramref name="reductions"/> side-by-side reductions is split into.</summary>
        public static int MaxParts(int reductions) => System.Math.Max(1, (TargetBlocks + reductions - 1) / reductions);
    }
}
