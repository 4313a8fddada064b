namespace Dcgan.Runtime.Parity;

/// <summary>
/// The rounding of float32 values, for bounds that are stated in exact arithmetic: two float32 implementations that
/// differ only by rounding can be apart by a bound plus the roundings of the values they compare.
/// </summary>
public static class FloatRounding
{
    /// <summary>Half the distance from 1 to the next float32: the largest relative error of one rounding.</summary>
    public const double UnitRoundoff = 1.0 / (1 << 24);

    /// <summary>The distance between adjacent float32 values at <paramref name="magnitude"/> (one unit in the last place).</summary>
    public static double Ulp(double magnitude)
    {
        float m = (float)Math.Min(Math.Abs(magnitude), float.MaxValue);
        return (double)MathF.BitIncrement(m) - m;
    }
}
