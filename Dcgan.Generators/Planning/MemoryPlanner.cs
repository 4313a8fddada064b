using System.Collections.Generic;
using System.Linq;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// Fixes every arena offset at build time: tensors whose lifetimes do not overlap share
    /// memory. Greedy by size (largest first), each at the lowest offset free for its whole
    /// lifetime. Sizes are per sample and rounded to 16 floats, so offset * batch stays 64-byte aligned.
    /// </summary>
    internal static class MemoryPlanner
    {
        private const long Alignment = 16;

        public static long Plan(IEnumerable<ArenaTensor> tensors, IReadOnlyList<ArenaTensor> alreadyPlaced)
        {
            var placed = new List<ArenaTensor>(alreadyPlaced);
            foreach (var tensor in tensors.Where(t => t.Offset < 0).OrderByDescending(t => t.Pinned).ThenByDescending(t => t.SizePerSample).ThenBy(t => t.FirstUse))
            {
                long size = Round(tensor.SizePerSample);
                var conflicts = placed.Where(p => p.FirstUse <= tensor.LastUse && tensor.FirstUse <= p.LastUse)
                    .OrderBy(p => p.Offset).ToList();
                long candidate = 0;
                foreach (var other in conflicts)
                {
                    if (candidate + size <= other.Offset) break;
                    candidate = System.Math.Max(candidate, other.Offset + Round(other.SizePerSample));
                }
                tensor.Offset = candidate;
                placed.Add(tensor);
            }
            return placed.Count == 0 ? 0 : placed.Max(t => t.Offset + Round(t.SizePerSample));
        }

        /// <summary>
        /// Offsets for every program's tensors: <paramref name="first"/>'s (the step) from scratch, then each later one's
        /// around the first's pinned slots, which live through them all. Returns the floats per sample the widest needs.
        /// </summary>
        public static long PlanPrograms(StepProgram first, params StepProgram[] later)
        {
            first.ComputeLifetimes();
            long floats = Plan(first.Tensors, new ArenaTensor[0]);
            var pinned = first.PinnedForLaterPrograms();
            foreach (var program in later)
                floats = System.Math.Max(floats, program.PlanAround(pinned));
            return floats;
        }

        public static long Round(long size) => (size + Alignment - 1) / Alignment * Alignment;
    }
}
