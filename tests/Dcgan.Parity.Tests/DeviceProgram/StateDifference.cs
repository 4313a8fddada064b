using Dcgan.Runtime;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// How far one buffer of two states lies apart: how many elements differ at all, the worst absolute difference, and the
/// norm of the difference relative to the norm of what the step put there (for parameters, of how far the steps moved them).
/// </summary>
internal sealed record BufferDifference(string Buffer, long Elements, long Differing, double WorstAbsolute, double RelativeNorm, double LargestMagnitude)
{
    public bool Identical => Differing == 0;

    public override string ToString() => Identical
        ? $"{Buffer}: all {Elements} bit-identical"
        : $"{Buffer}: {Differing} of {Elements} differ, worst |d| {WorstAbsolute:E2}, |d|/|x| {RelativeNorm:E2}";

    /// <summary>Every buffer of a GAN state (arena, scratch but its device-only tail, both networks' five buffers) and the four losses.</summary>
    /// <param name="start">Each network's parameters before the steps.</param>
    public static List<BufferDifference> Between(GanState cpu, GanState device, IReadOnlyDictionary<Net, float[]> start)
    {
        var result = new List<BufferDifference>
        {
            Of("arena", cpu.Arena.AsSpan(), device.Arena.AsSpan()),
            // The device-only tail (partial sums, Adam's corrections) has no CPU counterpart.
            Of("scratch", cpu.Scratch.AsSpan()[..^(int)cpu.Definition.DeviceScratchFloats], device.Scratch.AsSpan()[..^(int)device.Definition.DeviceScratchFloats]),
        };
        foreach (var net in new[] { Net.Generator, Net.Discriminator })
        {
            var a = cpu.Network(net);
            var b = device.Network(net);
            result.Add(Of($"{net} parameters", a.Parameters.AsSpan(), b.Parameters.AsSpan(), start[net]));
            result.Add(Of($"{net} gradients", a.Gradients.AsSpan(), b.Gradients.AsSpan()));
            result.Add(Of($"{net} Adam m", a.AdamM.AsSpan(), b.AdamM.AsSpan()));
            result.Add(Of($"{net} Adam v", a.AdamV.AsSpan(), b.AdamV.AsSpan()));
            result.Add(Of($"{net} running statistics", a.Statistics.AsSpan(), b.Statistics.AsSpan()));
        }
        result.Add(Of("counters (step, G's Adam step, D's Adam step)", [cpu.Step, cpu.Generator.AdamStep, cpu.Discriminator.AdamStep],
            [device.Step, device.Generator.AdamStep, device.Discriminator.AdamStep]));
        result.Add(Of("losses (D, G, D real, D fake)", [cpu.DLoss, cpu.GLoss, cpu.DLossReal, cpu.DLossFake], [device.DLoss, device.GLoss, device.DLossReal, device.DLossFake]));
        return result;
    }

    /// <summary>The difference of <paramref name="actual"/> from <paramref name="expected"/>; the norm is relative to expected - <paramref name="origin"/> (zero if not given).</summary>
    internal static BufferDifference Of(string name, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, ReadOnlySpan<float> origin = default)
    {
        if (expected.Length != actual.Length) throw new ArgumentException($"{name}: {expected.Length} against {actual.Length} elements");
        long differing = 0;
        double worst = 0, differenceSquares = 0, valueSquares = 0, largest = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs((double)expected[i]));
            double value = (double)expected[i] - (origin.IsEmpty ? 0 : origin[i]);
            valueSquares += value * value;
            if (BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i])) continue;
            differing++;
            double d = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(d)) d = double.PositiveInfinity;
            worst = Math.Max(worst, d);
            differenceSquares += d * d;
        }
        double relative = differing == 0 ? 0 : valueSquares > 0 ? Math.Sqrt(differenceSquares / valueSquares) : double.PositiveInfinity;
        return new BufferDifference(name, expected.Length, differing, worst, relative, largest);
    }
}
