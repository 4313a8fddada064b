namespace Dcgan.Cuda.Tests;

/// <summary>
/// The conformance README's tolerances, and the worst share of them an output used (1 is the bound itself):
/// products meet |got - expected| &lt;= 8 * 2^-23 * magnitude; batch norm 1e-5 absolute, or relative where larger.
/// </summary>
internal sealed class Tolerance
{
    public const double ProductBound = 8.0 / (1 << 23);
    public const double BatchNormBound = 1e-5;

    private readonly List<string> _failures = [];

    /// <summary>The largest |got - expected| / bound seen.</summary>
    public double WorstShare { get; private set; }

    public string WorstWhere { get; private set; } = "";

    public int Compared { get; private set; }

    public void Products(string what, ReadOnlySpan<float> got, double[] expected, double[] magnitude)
    {
        for (int i = 0; i < expected.Length; i++) Element(what, i, got[i], expected[i], ProductBound * magnitude[i]);
    }

    public void BatchNorm(string what, ReadOnlySpan<float> got, double[] expected)
    {
        for (int i = 0; i < expected.Length; i++) Element(what, i, got[i], expected[i], BatchNormBound * Math.Max(1, Math.Abs(expected[i])));
    }

    private void Element(string what, int index, float got, double expected, double bound)
    {
        Compared++;
        double error = Math.Abs(got - expected);
        // A zero bound (an element with no products) allows only the exact value.
        double share = error == 0 ? 0 : bound == 0 ? double.PositiveInfinity : error / bound;
        if (double.IsNaN(share)) share = double.PositiveInfinity;
        if (share > WorstShare)
        {
            WorstShare = share;
            WorstWhere = $"{what}[{index}]";
        }
        if (share > 1 && _failures.Count < 10) _failures.Add($"{what}[{index}]: got {got:R}, expected {expected:R} (bound {bound:G3})");
    }

    public void AssertMet(string file)
    {
        Assert.True(Compared > 0, $"{file}: nothing was compared");
        Assert.True(_failures.Count == 0, $"{file}: outside the tolerance:\n{string.Join("\n", _failures)}");
    }

    public string Summary(string file) => $"{file}: {Compared} outputs, worst {WorstShare:F3} of the tolerance (at {WorstWhere})";
}
