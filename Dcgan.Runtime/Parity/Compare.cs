namespace Dcgan.Runtime.Parity;

/// <summary>
/// The tolerances of FORMAT.md. A stored tensor may be a strided sample of the full one
/// (<c>name@stats</c> = [n, stride, sum, sum of squares, max |x|]); ours is sampled the same way.
/// </summary>
internal static class Compare
{
    /// <summary>Outputs, losses, gradients, running statistics: |a - r| &lt;= 1e-4 max|r| + 1e-6; sum of squares within 1e-3 relative.</summary>
    public static ParityCheck Outputs(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture, NoiseFloor? floor, bool noiseOnly = false)
    {
        if (!fixture.TryGet(name, out var reference))
            return new ParityCheck(name, double.PositiveInfinity, 0, false, "missing from the fixture");
        var (sampled, detail) = Sample(name, ours, fixture, reference.Data.Length);
        if (sampled is null) return new ParityCheck(name, double.PositiveInfinity, 0, false, detail);
        double maxRef = reference.Data.Max(v => Math.Abs((double)v));
        double strict = 1e-4 * maxRef + 1e-6, worst = 0;
        for (int i = 0; i < sampled.Length; i++)
            worst = Math.Max(worst, Math.Abs(sampled[i] - (double)reference.Data[i]));
        if (double.IsNaN(worst) || sampled.Any(float.IsNaN)) worst = double.PositiveInfinity;
        double floorError = floor?.MaxAbs(name) ?? 0;
        // Twice PyTorch's own spread is a bound in exact arithmetic; the spread was measured on rounded values and
        // ours are rounded too, so it is widened by one rounding of the largest value compared.
        double tolerance = Math.Max(strict, floorError > 0 ? 2 * (floorError + FloatRounding.Ulp(maxRef)) : 0);
        bool passed = worst <= tolerance;
        bool strictPass = worst <= strict;
        double floorRelativeSquares = 0;
        // A gradient that is exactly zero in exact arithmetic is rounding noise on both sides:
        // its element-wise tolerance holds, but comparing the noise's energy would not be meaningful.
        if (!noiseOnly && fixture.TryGet(name + "@stats", out var stats) && stats.Data.Length == 5)
        {
            double sumSquares = 0;
            foreach (var v in ours) sumSquares += (double)v * v;
            double refSquares = stats.Data[3];
            double relative = Math.Abs(sumSquares - refSquares) / Math.Max(Math.Abs(refSquares), 1e-30);
            double floorRelative = floor?.SquaresRelative(name) ?? 0;
            floorRelativeSquares = floorRelative;
            if (relative > 1e-3 && Math.Abs(sumSquares - refSquares) > 1e-12)
            {
                strictPass = false;
                detail = $"sum of squares {sumSquares:G6} vs {refSquares:G6} ({relative:E1} relative; PyTorch vs itself {floorRelative:E1})";
                if (relative > 2 * floorRelative) passed = false;
            }
        }
        if (noiseOnly) detail = "gradient is exactly zero (bias before batch norm): rounding noise held to the element tolerance";
        bool pytorchUnsure = floorError > strict || floorRelativeSquares > 1e-3;
        return new ParityCheck(name, worst, tolerance, passed, detail) { Strict = strictPass && !noiseOnly, PyTorchBeyondStrict = pytorchUnsure };
    }

    /// <summary>
    /// Parameters after Adam: 99.9% of elements within 1e-5 + 1e-3 |r|, and each within <paramref name="allowed"/> of its
    /// magnitude (the most Adam can move an element, twice, with the roundings of both sides: <see cref="AdamStepBound.Allowed"/>).
    /// Adam moves an element whose gradient is at rounding level by about lr * sign(noise), so which elements
    /// land outside is chance: where PyTorch's own spread runs put k elements outside, up to 2k may be.
    /// </summary>
    public static ParityCheck Parameters(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture, NoiseFloor? floor, Func<double, double> allowed)
    {
        if (!fixture.TryGet(name, out var reference))
            return new ParityCheck(name, double.PositiveInfinity, 0, false, "missing from the fixture");
        var (sampled, detail) = Sample(name, ours, fixture, reference.Data.Length);
        if (sampled is null) return new ParityCheck(name, double.PositiveInfinity, 0, false, detail);
        double Strict(int i) => 1e-5 + 1e-3 * Math.Abs(reference.Data[i]);
        int outside = 0;
        for (int i = 0; i < sampled.Length; i++)
        {
            double error = Math.Abs(sampled[i] - (double)reference.Data[i]);
            if (double.IsNaN(error) || error > Strict(i)) outside++;
        }
        var (worst, bound) = WorstAgainst(sampled, reference.Data, allowed);
        double strictAllowance = 0.001 * sampled.Length;
        int pytorchOutside = floor?.MostOutside(name) ?? 0;
        bool within = worst <= bound;
        bool passed = outside <= Math.Max(strictAllowance, 2 * pytorchOutside) && within;
        if (outside > 0)
            detail = $"{outside} of {sampled.Length} elements beyond 1e-5 + 1e-3|r| (PyTorch's own spread runs: up to {pytorchOutside})";
        return new ParityCheck(name, worst, bound, passed, detail) { Strict = outside <= strictAllowance && within };
    }

    /// <summary>Only the per-element bound of Adam's largest moves (for parameters whose gradient is pure rounding noise).</summary>
    public static ParityCheck WithinAdamBound(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture, Func<double, double> allowed)
    {
        if (!fixture.TryGet(name, out var reference))
            return new ParityCheck(name, double.PositiveInfinity, 0, false, "missing from the fixture");
        var (sampled, detail) = Sample(name, ours, fixture, reference.Data.Length);
        if (sampled is null) return new ParityCheck(name, double.PositiveInfinity, 0, false, detail);
        var (worst, bound) = WorstAgainst(sampled, reference.Data, allowed);
        return new ParityCheck(name, worst, bound, worst <= bound, "gradient is exactly zero (bias before batch norm): held to twice Adam's largest move per element")
            { Strict = false };
    }

    /// <summary>The error and per-element bound of the element nearest its bound (a NaN is an infinite error).</summary>
    private static (double Error, double Bound) WorstAgainst(float[] ours, float[] reference, Func<double, double> allowed)
    {
        double worstError = 0, worstBound = reference.Length > 0 ? allowed(Math.Abs((double)reference[0])) : 0, worstRatio = -1;
        for (int i = 0; i < ours.Length; i++)
        {
            double error = Math.Abs(ours[i] - (double)reference[i]);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            double bound = allowed(Math.Abs((double)reference[i]));
            double ratio = error / bound;
            if (ratio > worstRatio) (worstError, worstBound, worstRatio) = (error, bound, ratio);
        }
        return (worstError, worstBound);
    }

    private static (float[]? Sampled, string Detail) Sample(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture, int storedCount)
    {
        int stride = 1;
        if (fixture.TryGet(name + "@stats", out var stats) && stats.Data.Length == 5)
        {
            if ((long)stats.Data[0] != ours.Length)
                return (null, $"the fixture's tensor has {(long)stats.Data[0]} elements, ours {ours.Length}");
            stride = Math.Max(1, (int)stats.Data[1]);
        }
        else if (storedCount != ours.Length)
        {
            return (null, $"the fixture's tensor has {storedCount} elements, ours {ours.Length}");
        }
        var sampled = new float[storedCount];
        for (int i = 0; i < storedCount; i++)
        {
            long j = (long)i * stride;
            if (j >= ours.Length) return (null, $"sampling stride {stride} runs past our {ours.Length} elements");
            sampled[i] = ours[(int)j];
        }
        return (sampled, "");
    }
}
