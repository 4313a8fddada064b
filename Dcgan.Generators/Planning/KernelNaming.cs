using System.Collections.Generic;
using System.Linq;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// The name-kernels pass: every CUDA kernel the programs launch, once each, in the order the kernel table lists
    /// them. Statements of different passes that launch the same computation share one entry point; a different
    /// computation under a name already taken gets a numbered suffix. It runs before any renderer, so the device
    /// programs and the CUDA source read the settled names.
    /// </summary>
    internal static class KernelNaming
    {
        /// <summary>The table's kernels: <paramref name="first"/> (the feed's, which head it), then each program's in statement order.</summary>
        public static List<DeviceKernel> Run(IEnumerable<DeviceKernel> first, params StepProgram[] programs)
        {
            var kernels = new List<DeviceKernel>();
            foreach (var kernel in first) Add(kernels, kernel);
            foreach (var program in programs)
                foreach (var kernel in program.Phases.SelectMany(p => p.Statements).SelectMany(s => s.Kernels))
                    Add(kernels, kernel);
            return kernels;
        }

        /// <summary>Adds a kernel unless one with the same name and code is there; a different kernel under a taken name gets a suffix.</summary>
        private static void Add(List<DeviceKernel> kernels, DeviceKernel kernel)
        {
            string name = kernel.Name;
            for (int suffix = 2; ; suffix++)
            {
                var existing = kernels.FirstOrDefault(k => k.Name == kernel.Name);
                if (existing is null) break;
                if (existing.SameCode(kernel))
                {
                    kernel.Name = existing.Name;
                    return;
                }
                kernel.Name = $"{name}_{suffix}";
            }
            kernels.Add(kernel);
        }
    }
}
