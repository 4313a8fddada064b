using System.Collections.Generic;
using System.Linq;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// The scratch buffer's layout: the CPU step's tensors (batch-norm statistics) from offset 0 in creation order, then
    /// the device-only ones (split reductions' partial sums, Adam's bias corrections), so the CPU step and a device
    /// program can be compared over the part both write. Every tensor starts on 16 floats (64 bytes: doubles fit).
    /// </summary>
    internal static class ScratchLayout
    {
        public static long Rounded(long size) => (size + 15) / 16 * 16;

        /// <summary>Where the next CPU-step tensor goes: after those already made.</summary>
        public static long NextShared(IEnumerable<ScratchTensor> scratch) => scratch.Where(t => !t.DeviceOnly).Sum(t => Rounded(t.Size));

        /// <summary>Places the device-only tensors after the shared ones; returns the floats they take.</summary>
        public static long PlaceDeviceOnly(IEnumerable<ScratchTensor> scratch)
        {
            var all = scratch.ToList();
            long offset = NextShared(all), start = offset;
            foreach (var t in all.Where(t => t.DeviceOnly))
            {
                t.Offset = offset;
                offset += Rounded(t.Size);
            }
            return offset - start;
        }
    }
}
