namespace Dcgan.Runtime.Parity;

/// <summary>
/// The tolerances of FORMAT.md. A stored tensor may be a strided sample of the full one
/// (<c>name@stats</c> = [n, stride, sum, sum of squares, max |x|]); ours is sampled the same way.
/// </summary>
internal static class Compare
{
    /// <summary>Outputs, losses, gradients, running statistics: |a - r| &lt;= 1e-4 max|r| + 1e-6; sum of squares within 1e-3 relative.</summary>
    public static ParityCheck Outputs(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture, SafeTensorsFile? floor, bool noiseOnly = false)
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
        var pytorch = FloorValues(name, floor, reference.Data.Length);
        double floorError = 0;
        if (pytorch is not null)
            for (int i = 0; i < pytorch.Length; i++)
                floorError = Math.Max(floorError, Math.Abs(pytorch[i] - (double)reference.Data[i]));
        double tolerance = Math.Max(strict, 2 * floorError);
        bool passed = worst <= tolerance;
        bool strictPass = worst <= strict;
        // A gradient that is exactly zero in exact arithmetic is rounding noise on both sides:
        // its element-wise tolerance holds, but comparing the noise's energy would not be meaningful.
        if (!noiseOnly && fixture.TryGet(name + "@stats", out var stats) && stats.Data.Length == 5)
        {
            double sumSquares = 0;
            foreach (var v in ours) sumSquares += (double)v * v;
            double refSquares = stats.Data[3];
            double relative = Math.Abs(sumSquares - refSquares) / Math.Max(Math.Abs(refSquares), 1e-30);
            double floorRelative = floor is not null && floor.TryGet(name + "@stats", out var floorStats) && floorStats.Data.Length == 5
                ? Math.Abs(floorStats.Data[3] - refSquares) / Math.Max(Math.Abs(refSquares), 1e-30) : 0;
            if (relative > 1e-3 && Math.Abs(sumSquares - refSquares) > 1e-12)
            {
                strictPass = false;
                detail = $"sum of squares {sumSquares:G6} vs {refSquares:G6} ({relative:E1} relative; PyTorch vs itself {floorRelative:E1})";
                if (relative > 2 * floorRelative) passed = false;
            }
        }
        if (noiseOnly) detail = "gradient is exactly zero (bias before batch norm): rounding noise held to the element tolerance";
        return new ParityCheck(name, worst, tolerance, passed, detail) { Strict = strictPass && !noiseOnly };
    }

    /// <summary>Parameters after Adam: 99.9% of elements within 1e-5 + 1e-3 |r|, and all within <paramref name="bound"/> (2 lr steps).</summary>
    public static ParityCheck Parameters(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture, SafeTensorsFile? floor, double bound)
    {
        if (!fixture.TryGet(name, out var reference))
            return new ParityCheck(name, double.PositiveInfinity, 0, false, "missing from the fixture");
        var (sampled, detail) = Sample(name, ours, fixture, reference.Data.Length);
        if (sampled is null) return new ParityCheck(name, double.PositiveInfinity, 0, false, detail);
        var pytorch = FloorValues(name, floor, reference.Data.Length);
        int outside = 0, outsideStrict = 0;
        double worst = 0;
        for (int i = 0; i < sampled.Length; i++)
        {
            double error = Math.Abs(sampled[i] - (double)reference.Data[i]);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            double strict = 1e-5 + 1e-3 * Math.Abs(reference.Data[i]);
            double floorError = pytorch is null ? 0 : Math.Abs(pytorch[i] - (double)reference.Data[i]);
            if (error > strict) outsideStrict++;
            if (error > Math.Max(strict, 2 * floorError)) outside++;
            worst = Math.Max(worst, error);
        }
        bool passed = outside <= 0.001 * sampled.Length && worst <= bound;
        if (outsideStrict > 0)
            detail = $"{outsideStrict} of {sampled.Length} elements beyond 1e-5 + 1e-3|r|, {outside} beyond twice PyTorch's own 1-vs-2-thread difference";
        return new ParityCheck(name, worst, bound, passed, detail) { Strict = outsideStrict <= 0.001 * sampled.Length && worst <= bound };
    }

    /// <summary>Only FORMAT.md's per-element bound of 2 lr steps (for parameters whose gradient is pure rounding noise).</summary>
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
        return new ParityCheck(name, worst, bound, worst <= bound, "gradient is exactly zero (bias before batch norm): held to 2 lr steps per element")
            { Strict = false };
    }

    private static float[]? FloorValues(string name, SafeTensorsFile? floor, int count)
        => floor is not null && floor.TryGet(name, out var t) && t.Data.Length == count ? t.Data : null;

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
