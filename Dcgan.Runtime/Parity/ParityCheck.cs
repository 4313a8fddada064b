namespace Dcgan.Runtime.Parity;

/// <summary>One compared tensor: the worst error and the tolerance it was held to.</summary>
public sealed record ParityCheck(string Tensor, double WorstError, double Tolerance, bool Passed, string Detail)
{
    /// <summary>Within FORMAT.md's tolerance alone, without the allowance for PyTorch's own noise.</summary>
    public bool Strict { get; init; } = true;

    /// <summary>PyTorch's own spread runs differ from the fixture by more than FORMAT.md's tolerance here.</summary>
    public bool PyTorchBeyondStrict { get; init; }

    /// <summary>Error as a share of the tolerance: under 1 passes.</summary>
    public double Ratio => Tolerance > 0 ? WorstError / Tolerance : WorstError == 0 ? 0 : double.PositiveInfinity;
}

/// <summary>Everything compared for one fixture, and where it ran (<c>cpu avx512</c>, <c>cpu avx2</c>, <c>cpu scalar</c>): rounding depends on the path.</summary>
public sealed record ParityReport(string Fixture, string Model, int Batch, int Steps, IReadOnlyList<ParityCheck> Checks, string? NoiseFloor, string Device)
{
    public int StrictPasses => Checks.Count(c => c.Strict && c.Passed);
    public bool Passed => Checks.All(c => c.Passed);
    public ParityCheck Worst => Checks.MaxBy(c => c.Ratio)!;
}
