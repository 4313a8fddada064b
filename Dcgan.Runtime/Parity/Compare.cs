namespace Dcgan.Runtime.Parity;

/// <summary>
/// The tolerances of FORMAT.md. A stored tensor may be a strided sample of the full one
/// (<c>name@stats</c> = [n, stride, sum, sum of squares, max |x|]); ours is sampled the same way.
/// </summary>
internal static class Compare
{
    /// <summary>Outputs, losses, gradients, running statistics: |a - r| &lt;= 1e-4 max|r| + 1e-6; sum of squares within 1e-3 relative.</summary>
    public static ParityCheck Outputs(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture)
    {
        if (!fixture.TryGet(name, out var reference))
            return new ParityCheck(name, double.PositiveInfinity, 0, false, "missing from the fixture");
        var (sampled, detail) = Sample(name, ours, fixture, reference.Data.Length);
        if (sampled is null) return new ParityCheck(name, double.PositiveInfinity, 0, false, detail);
        double maxRef = reference.Data.Max(v => Math.Abs((double)v));
        double tolerance = 1e-4 * maxRef + 1e-6, worst = 0;
        for (int i = 0; i < sampled.Length; i++)
            worst = Math.Max(worst, Math.Abs(sampled[i] - (double)reference.Data[i]));
        if (double.IsNaN(worst) || sampled.Any(float.IsNaN)) worst = double.PositiveInfinity;
        bool passed = worst <= tolerance;
        if (fixture.TryGet(name + "@stats", out var stats) && stats.Data.Length == 5)
        {
            double sumSquares = 0;
            foreach (var v in ours) sumSquares += (double)v * v;
            double refSquares = stats.Data[3];
            double relative = Math.Abs(sumSquares - refSquares) / Math.Max(Math.Abs(refSquares), 1e-30);
            if (relative > 1e-3 && Math.Abs(sumSquares - refSquares) > 1e-12)
            {
                passed = false;
                detail = $"sum of squares {sumSquares:G6} vs {refSquares:G6} ({relative:E1} relative)";
            }
        }
        return new ParityCheck(name, worst, tolerance, passed, detail);
    }

    /// <summary>Parameters after Adam: 99.9% of elements within 1e-5 + 1e-3 |r|, and all within <paramref name="bound"/> (2 lr steps).</summary>
    public static ParityCheck Parameters(string name, ReadOnlySpan<float> ours, SafeTensorsFile fixture, double bound)
    {
        if (!fixture.TryGet(name, out var reference))
            return new ParityCheck(name, double.PositiveInfinity, 0, false, "missing from the fixture");
        var (sampled, detail) = Sample(name, ours, fixture, reference.Data.Length);
        if (sampled is null) return new ParityCheck(name, double.PositiveInfinity, 0, false, detail);
        int outside = 0;
        double worst = 0;
        for (int i = 0; i < sampled.Length; i++)
        {
            double error = Math.Abs(sampled[i] - (double)reference.Data[i]);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            if (error > 1e-5 + 1e-3 * Math.Abs(reference.Data[i])) outside++;
            worst = Math.Max(worst, error);
        }
        bool passed = outside <= 0.001 * sampled.Length && worst <= bound;
        if (outside > 0) detail = $"{outside} of {sampled.Length} elements beyond 1e-5 + 1e-3|r|";
        return new ParityCheck(name, worst, bound, passed, detail);
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
