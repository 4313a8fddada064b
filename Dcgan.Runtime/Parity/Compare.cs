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
        double tolerance = Math.Max(strict, 2 * floorError);
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
    /// Parameters after Adam: 99.9% of elements within 1e-5 + 1e-3 |r|, and all within <paramref name="bound"/> (the most Adam can move an element, twice: <see cref="AdamStepBound"/>).
    /// Adam moves an element whose gradient is at rounding level by about lr * sign(noise), so which elements
    /// land outside is chance: where PyTorch's own spread runs put k elements outside, up to 2k may be.
    /// </summary>
    public static ParityCheck Parameters(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture, NoiseFloor? floor, double bound)
    {
        if (!fixture.TryGet(name, out var reference))
            return new ParityCheck(name, double.PositiveInfinity, 0, false, "missing from the fixture");
        var (sampled, detail) = Sample(name, ours, fixture, reference.Data.Length);
        if (sampled is null) return new ParityCheck(name, double.PositiveInfinity, 0, false, detail);
        double Strict(int i) => 1e-5 + 1e-3 * Math.Abs(reference.Data[i]);
        int outside = 0;
        double worst = 0;
        for (int i = 0; i < sampled.Length; i++)
        {
            double error = Math.Abs(sampled[i] - (double)reference.Data[i]);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            if (error > Strict(i)) outside++;
            worst = Math.Max(worst, error);
        }
        double strictAllowance = 0.001 * sampled.Length;
        int pytorchOutside = floor?.MostOutside(name) ?? 0;
        bool passed = outside <= Math.Max(strictAllowance, 2 * pytorchOutside) && worst <= bound;
        if (outside > 0)
            detail = $"{outside} of {sampled.Length} elements beyond 1e-5 + 1e-3|r| (PyTorch's own spread runs: up to {pytorchOutside})";
        return new ParityCheck(name, worst, bound, passed, detail) { Strict = outside <= strictAllowance && worst <= bound };
    }

    /// <summary>Only the per-element bound of Adam's largest moves (for parameters whose gradient is pure rounding noise).</summary>
    public static ParityCheck WithinAdamBound(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture, double bound)
    {
        if (!fixture.TryGet(name, out var reference))
            return new ParityCheck(name, double.PositiveInfinity, 0, false, "missing from the fixture");
        var (sampled, detail) = Sample(name, ours, fixture, reference.Data.Length);
        if (sampled is null) return new ParityCheck(name, double.PositiveInfinity, 0, false, detail);
        double worst = 0;
        for (int i = 0; i < sampled.Length; i++)
        {
            double error = Math.Abs(sampled[i] - (double)reference.Data[i]);
            worst = Math.Max(worst, double.IsNaN(error) ? double.PositiveInfinity : error);
        }
        return new ParityCheck(name, worst, bound, worst <= bound, "gradient is exactly zero (bias before batch norm): held to twice Adam's largest move per element")
            { Strict = false };
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
