// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// checks a declared value against the same interval the CLI checks a flag against.
using System.Globalization;

namespace Dcgan;

/// <summary>
/// The interval a hyperparameter must lie in, with each end open or closed. An upper end of infinity, left open,
/// means "any finite number above the lower end". NaN lies in no range.
/// </summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
readonly struct HyperparameterRange
{
    public HyperparameterRange(double min, bool minIncluded, double max, bool maxIncluded)
    {
        Min = min;
        MinIncluded = minIncluded;
        Max = max;
        MaxIncluded = maxIncluded;
    }

    public double Min { get; }
    public bool MinIncluded { get; }
    public double Max { get; }
    public bool MaxIncluded { get; }

    /// <summary>[min, max]: both ends allowed.</summary>
    public static HyperparameterRange Closed(double min, double max) => new HyperparameterRange(min, true, max, true);
    /// <summary>[min, max): the upper end not allowed.</summary>
    public static HyperparameterRange ClosedOpen(double min, double max) => new HyperparameterRange(min, true, max, false);
    /// <summary>(min, max]: the lower end not allowed.</summary>
    public static HyperparameterRange OpenClosed(double min, double max) => new HyperparameterRange(min, false, max, true);
    /// <summary>Any finite number at least <paramref name="min"/>.</summary>
    public static HyperparameterRange AtLeast(double min) => new HyperparameterRange(min, true, double.PositiveInfinity, false);
    /// <summary>Any finite number above <paramref name="min"/>.</summary>
    public static HyperparameterRange Above(double min) => new HyperparameterRange(min, false, double.PositiveInfinity, false);

    public bool Contains(double value)
        => (MinIncluded ? value >= Min : value > Min) && (MaxIncluded ? value <= Max : value < Max);

    /// <summary>How a message states the range: "in [0, 1)", "a finite number >= 0", "between 1 and 65536".</summary>
    public override string ToString()
    {
        if (double.IsPositiveInfinity(Max))
            return $"a finite number {(MinIncluded ? ">=" : ">")} {Number(Min)}";
        if (MinIncluded && MaxIncluded && Min == System.Math.Floor(Min) && Max == System.Math.Floor(Max) && Min >= 1)
            return $"between {Number(Min)} and {Number(Max)}";
        return $"in {(MinIncluded ? "[" : "(")}{Number(Min)}, {Number(Max)}{(MaxIncluded ? "]" : ")")}";
    }

    private static string Number(double value) => value.ToString("0.###############", CultureInfo.InvariantCulture);
}
