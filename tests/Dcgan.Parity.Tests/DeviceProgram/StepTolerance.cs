using Dcgan.Runtime;
using Dcgan.Runtime.Parity;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// What the device program's step may differ from the CPU step by, and why. The program's GEMMs and convolutions run the
/// CPU's own products (bit-identical by construction), and most kernels do the CPU's float operations in the CPU's order;
/// the ones that cannot are reductions: batch-norm statistics and their backward sums, bias gradients and the losses are
/// trees over a block's threads on the device and SIMD lanes on the CPU, a few ulp apart per value (GeneratedKernelTests
/// bounds each). Batch norm's backward on a batch of four, and the layers after it, grow that to the measured worst norm
/// difference of 1.5e-4 of a buffer's norm (fc_conv_mnist's G gradients and Adam v, step 1); every other buffer of every
/// model stays below 2e-5. The bound is 1e-3. A program with a wrong operand, order or counter is off by the size of the
/// values themselves (DeviceProgramPerturbationTests).
/// Parameters are held differently: Adam moves a weight by about lr whatever the size of its gradient, so a gradient
/// within rounding of zero can move its weight either way, and the two sides' weights can lie up to twice the most one
/// Adam step can move a weight apart, plus their roundings (AdamStepBound.Allowed), in a few elements. Every element is held to that, and the norm of
/// the difference to 5e-2 of the norm of the step's move (measured worst 2.0e-2, fc_conv_mnist's D at lr 1e-4).
/// </summary>
internal static class StepTolerance
{
    public const double RelativeNorm = 1e-3;
    public const double ParameterRelativeNorm = 5e-2;

    /// <summary>The differences of one step (<paramref name="step"/>, counting from 1 for Adam) that break the tolerance.</summary>
    /// <param name="relativeNorm">The bound for buffers other than parameters; a program run on libraries that round otherwise than the CPU's products needs more (ExecutorTolerance).</param>
    public static IEnumerable<string> Breaches(IEnumerable<BufferDifference> differences, GanDefinition definition, int adamStep, double relativeNorm = RelativeNorm)
    {
        foreach (var d in differences)
        {
            if (double.IsNaN(d.RelativeNorm) || double.IsInfinity(d.WorstAbsolute))
            {
                yield return $"{d} (not finite)";
                continue;
            }
            if (d.Buffer.StartsWith("counters"))
            {
                if (!d.Identical) yield return $"{d} (counters are exact)";
                continue;
            }
            var net = d.Buffer.Contains("Generator parameters") ? Net.Generator : d.Buffer.Contains("Discriminator parameters") ? Net.Discriminator : (Net?)null;
            if (net is null)
            {
                if (d.RelativeNorm > relativeNorm) yield return $"{d} (beyond {relativeNorm:E0} of its norm)";
                continue;
            }
            var adam = net == Net.Generator ? definition.GeneratorAdam : definition.DiscriminatorAdam;
            // Twice one Adam step, with both sides' roundings at the buffer's largest value (AdamStepBound.Allowed).
            double bound = AdamStepBound.Allowed(adam, adamStep, adamStep, d.LargestMagnitude);
            if (d.WorstAbsolute > bound) yield return $"{d} (an element beyond twice one Adam step, {bound:E2})";
            if (d.RelativeNorm > ParameterRelativeNorm) yield return $"{d} (beyond {ParameterRelativeNorm:E0} of the step's move)";
        }
    }
}
