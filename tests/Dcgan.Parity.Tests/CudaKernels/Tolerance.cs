namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// How far a GPU value may be from the CPU's: within <see cref="Ulps"/> units in the last place, or within
/// <see cref="Absolute"/> + <see cref="Relative"/> * |cpu|. Equal bits (and NaN against NaN) always pass.
/// </summary>
internal readonly record struct Tolerance(int Ulps, double Absolute, double Relative, string Why)
{
    /// <summary>The same sequence of float operations: the same bits.</summary>
    public static Tolerance Exact { get; } = new(0, 0, 0, "the same float operations");

    /// <summary>
    /// CUDA's expf, tanhf and double exp, log, pow, sincospi are within 2 ulp of the C library the CPU calls; one
    /// or two float roundings after them can double that.
    /// </summary>
    public static Tolerance Transcendental { get; } = new(4, 0, 0, "CUDA's transcendental functions are within 2 ulp of the CPU's");

    public bool IsExact => Ulps == 0 && Absolute == 0 && Relative == 0;

    public bool Accepts(float gpu, float cpu)
    {
        if (BitConverter.SingleToInt32Bits(gpu) == BitConverter.SingleToInt32Bits(cpu) || (float.IsNaN(gpu) && float.IsNaN(cpu))) return true;
        if (IsExact) return false;
        if (UlpDistance(gpu, cpu) <= Ulps) return true;
        return Math.Abs((double)gpu - cpu) <= Absolute + Relative * Math.Abs((double)cpu);
    }

    /// <summary>Floats between the two (0 for equal values, +0 against -0 included); long.MaxValue across a NaN.</summary>
    public static long UlpDistance(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return long.MaxValue;
        static long Ordered(float f)
        {
            int bits = BitConverter.SingleToInt32Bits(f);
            return bits < 0 ? int.MinValue - (long)bits : bits;
        }
        return Math.Abs(Ordered(a) - Ordered(b));
    }

    public override string ToString() => IsExact ? "bit-identical" :
        $"{(Ulps > 0 ? $"{Ulps} ulp" : "")}{(Ulps > 0 && (Absolute > 0 || Relative > 0) ? " or " : "")}" +
        $"{(Absolute > 0 || Relative > 0 ? $"|d| <= {Absolute:G2} + {Relative:G2}|x|" : "")} ({Why})";
}

/// <summary>
/// One output of one launch compared: how many elements missed the tolerance, the worst distances seen, and the
/// largest share of its tolerance any element used (ulps against Ulps, |d| against the absolute-relative bound).
/// </summary>
internal sealed record TensorComparison(string Kernel, string Tensor, string Geometry, long Elements, long Mismatches,
    double WorstAbsolute, long WorstUlps, double AllowanceUsed, Tolerance Tolerance, string FirstMismatch)
{
    public bool Passed => Mismatches == 0;

    public override string ToString() =>
        $"{Kernel} {Tensor} ({Geometry}): {Mismatches} of {Elements} beyond {Tolerance}; worst |d| {WorstAbsolute:E2}, {WorstUlps} ulp{FirstMismatch}";

    public static TensorComparison Of(string kernel, string tensor, string geometry, Twin twin, Tolerance tolerance)
    {
        long mismatches = 0, worstUlps = 0;
        double worstAbsolute = 0, allowanceUsed = 0;
        string first = "";
        switch (twin.Element)
        {
            case TwinElement.Float:
            {
                var cpu = twin.CpuValues;
                var gpu = twin.GpuValues;
                for (int i = 0; i < cpu.Length; i++)
                {
                    if (BitConverter.SingleToInt32Bits(cpu[i]) != BitConverter.SingleToInt32Bits(gpu[i]))
                    {
                        long ulps = Tolerance.UlpDistance(gpu[i], cpu[i]);
                        worstUlps = Math.Max(worstUlps, ulps);
                        double d = Math.Abs((double)gpu[i] - cpu[i]);
                        if (!double.IsNaN(d)) worstAbsolute = Math.Max(worstAbsolute, d);
                        double bound = tolerance.Absolute + tolerance.Relative * Math.Abs((double)cpu[i]);
                        double share = Math.Min(tolerance.Ulps > 0 ? (double)ulps / tolerance.Ulps : double.PositiveInfinity, bound > 0 ? d / bound : double.PositiveInfinity);
                        allowanceUsed = Math.Max(allowanceUsed, share);
                    }
                    if (tolerance.Accepts(gpu[i], cpu[i])) continue;
                    if (mismatches++ == 0) first = $"; first at [{i}]: GPU {gpu[i]:R}, CPU {cpu[i]:R}";
                }
                break;
            }
            case TwinElement.Int:
                if (twin.GpuInt != twin.CpuInt)
                {
                    mismatches = 1;
                    first = $"; GPU {twin.GpuInt}, CPU {twin.CpuInt}";
                }
                break;
            case TwinElement.Counter:
                if (twin.GpuCounter != twin.CpuCounter)
                {
                    mismatches = 1;
                    first = $"; GPU {twin.GpuCounter}, CPU {twin.CpuCounter}";
                }
                break;
            default:
                throw new ArgumentException($"{tensor}: {twin.Element} buffers are inputs, not compared");
        }
        return new TensorComparison(kernel, tensor, geometry, twin.Length, mismatches, worstAbsolute, worstUlps, allowanceUsed, tolerance, first);
    }
}
