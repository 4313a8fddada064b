using Dcgan.Models;
using Dcgan.Parity.Tests.CudaKernels;
using Dcgan.Runtime;
using Xunit.Abstractions;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// The generated feed (<see cref="GanDefinition.DeviceFeed"/>) is what CpuGanDevice.TrainStep does before the step: on the
/// emulated device, from the same dataset, epoch order, batch index and latent counter, it leaves the real slot as
/// BatchSource.Fill does, bit for bit, and D's and G's latents as two LatentSampler fills do (normal latents to the last
/// bit but for the ties of PhiloxKernelTests' rule), the counters where the CPU's stand after the same work, and the rest of
/// the arena untouched. Two feeds in a row show the counters chain with no host in between.
/// </summary>
public class DeviceFeedTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models() => DeviceProgramTests.Models();

    private const int Batch = DeviceProgramTests.Batch;
    private const ulong Seed = 5;

    [GxxTheory]
    [MemberData(nameof(Models))]
    public void Two_feeds_gather_and_draw_what_the_cpu_feeds(string name)
    {
        var definition = GanZoo.Models.Single(m => m.Definition.Name == name).Definition;
        // Three batches and one image over: the epoch's order is not a whole number of batches, as a real dataset's is not.
        int images = 3 * Batch + 1;
        var bytes = new byte[images * definition.ImageSize];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0;
        bytes[1] = 255;
        var source = new BatchSource(bytes, images, definition.ImageSize, definition.Pixels, Seed);
        source.StartEpoch();
        var latents = new LatentSampler(definition.LatentDistribution, Seed, LatentSampler.TrainingStream);
        // Part-way through a run: two fills (one step's) already drawn, so the feed must start from the counter, not from 0.
        latents.Fill(new float[Batch * definition.LatentSize]);
        latents.Fill(new float[Batch * definition.LatentSize]);

        using var cpu = new GanState(definition, Batch) { Seed = Seed };
        using var memory = new GanState(definition, Batch) { Seed = Seed };
        using var device = new EmulatedDevice(memory);
        device.UseDataset(bytes);
        device.StartEpoch(source.Order);
        device.BatchIndex = 1;
        device.LatentCounter = latents.Counter;
        // Whatever the feed does not write must keep this.
        memory.Arena.AsSpan().Fill(float.NaN);

        var tolerance = KernelCases.LatentTolerance(definition.LatentDistribution);
        for (int index = 1; index <= 2; index++)
        {
            source.Fill(index, Batch, cpu.Real);
            latents.Fill(cpu.LatentD);
            latents.Fill(cpu.LatentG);
            device.Run(definition.DeviceFeed);

            Assert.True(BitEqual(cpu.Real, memory.Real), $"feed {index}: the real batch differs from BatchSource.Fill({index})");
            foreach (var (slot, expected, actual) in new[] { ("z_d", cpu.LatentD.ToArray(), memory.LatentD.ToArray()), ("z_g", cpu.LatentG.ToArray(), memory.LatentG.ToArray()) })
            {
                var missed = Enumerable.Range(0, expected.Length).Where(i => !tolerance.Accepts(actual[i], expected[i])).ToList();
                Assert.True(missed.Count == 0,
                    $"feed {index}, {slot}: {missed.Count} of {expected.Length} beyond {tolerance}; first at [{missed.FirstOrDefault()}]");
                int identical = Enumerable.Range(0, expected.Length).Count(i => BitConverter.SingleToInt32Bits(actual[i]) == BitConverter.SingleToInt32Bits(expected[i]));
                output.WriteLine($"{name}, feed {index}, {slot}: {identical} of {expected.Length} latents bit-identical");
            }
            Assert.Equal((ulong)index + 1, device.BatchIndex);
            Assert.Equal(latents.Counter, device.LatentCounter);
            Assert.True(OnlySlotsWritten(memory), $"feed {index} wrote arena memory outside the real and latent slots");
        }
        output.WriteLine($"{name}: after two feeds batch index {device.BatchIndex}, latent counter {device.LatentCounter} (the CPU's {latents.Counter})");
    }

    private static bool BitEqual(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) return false;
        return true;
    }

    /// <summary>Every arena float outside the real, z_d and z_g slots is still the NaN it was set to.</summary>
    private static bool OnlySlotsWritten(GanState memory)
    {
        var d = memory.Definition;
        var written = new[] { d.Real, d.LatentD, d.LatentG }.Select(s => (Start: s.OffsetPerSample * memory.Batch, End: (s.OffsetPerSample + s.LengthPerSample) * memory.Batch)).ToList();
        var arena = memory.Arena.AsSpan();
        for (int i = 0; i < arena.Length; i++)
            if (!written.Any(w => i >= w.Start && i < w.End) && !float.IsNaN(arena[i])) return false;
        return true;
    }
}
