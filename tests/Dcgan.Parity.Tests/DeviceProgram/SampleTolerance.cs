using Dcgan.Parity.Tests.CudaKernels;
using Dcgan.Runtime;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// What a sampling program's fake batch and G's running statistics may differ from Generate's by, per element, in float
/// epsilons of the buffer's largest magnitude, and why.
/// Eval mode is the CPU's arithmetic throughout: the GEMMs and convolutions run the CPU's own products, the epilogues and
/// eval-mode batch norm are elementwise with the CPU's float operations in its order (the shim compiles without fused
/// multiply-adds, as NVRTC is told to), and the running statistics are only read. Only the last activation's expf or tanhf
/// may round otherwise (CUDA's are within 2 ulp of the C library's; Tolerance.Transcendental allows 4), so the bound is 4
/// epsilons. Measured: bit-identical on every zoo model (the shim's expf and tanhf are the C library's, as .NET's are).
/// Training mode adds batch norm's batch statistics, which are reductions: a tree over a block's threads on the device,
/// float SIMD lanes then double on the CPU, each within a float rounding of the magnitudes summed (ReductionBounds), a few
/// epsilons of a normalised value; the layers after carry that to the image. Measured worst 10 epsilons of the fake
/// batch's largest value (conv4x4; 6 for ganlab, at most 3 elsewhere), and 0.55 for the running statistics (dcgan64).
/// The bound is 32. A wrong program (the other batch-norm mode, the wrong latents) is off by the values themselves
/// (DeviceSamplePerturbationTests).
/// </summary>
internal static class SampleTolerance
{
    public const double EvalEpsilons = 4;
    public const double TrainingEpsilons = 32;

    /// <summary>The most one element of <paramref name="d"/>'s buffer may differ by after sampling in <paramref name="mode"/>.</summary>
    public static double Allowed(BufferDifference d, BatchNormMode mode) =>
        (mode == BatchNormMode.Eval ? EvalEpsilons : TrainingEpsilons) * ReductionBounds.FloatEpsilon * d.LargestMagnitude;

    /// <summary>The largest difference as a multiple of the float epsilon at the buffer's largest magnitude.</summary>
    public static double Epsilons(BufferDifference d) => d.LargestMagnitude > 0 ? d.WorstAbsolute / (ReductionBounds.FloatEpsilon * d.LargestMagnitude) : 0;

    public static IEnumerable<string> Breaches(IEnumerable<BufferDifference> differences, BatchNormMode mode)
    {
        foreach (var d in differences)
        {
            if (double.IsNaN(d.RelativeNorm) || double.IsInfinity(d.WorstAbsolute)) yield return $"{d} (not finite)";
            else if (d.WorstAbsolute > Allowed(d, mode))
                yield return $"{d} (an element {Epsilons(d):G3} epsilons of the largest value off, beyond {Allowed(d, mode):E2})";
        }
    }
}
