using Dcgan.Models;
using Dcgan.Parity.Tests.CudaKernels;
using Dcgan.Runtime;
using Xunit.Abstractions;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// The generated device program is the training step: run on an emulated device (EmulatedDevice: the model's CUDA
/// kernels compiled by g++ under the shim, its GEMMs and convolutions as the cuBLAS and cuDNN calls it names), two steps
/// from the same start and data leave every buffer where two steps of the compiled CPU step leave it. That proves the
/// program's order, its operand bindings and its counters; only the calls into CUDA itself are left for a GPU.
/// </summary>
public class DeviceProgramTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models() => new(GanZoo.Models.Select(m => m.Definition.Name));

    [GxxTheory]
    [MemberData(nameof(Models))]
    public void Two_steps_of_the_device_program_equal_two_steps_of_the_cpu_step(string name)
    {
        var definition = GanZoo.Models.Single(m => m.Definition.Name == name).Definition;
        var steps = Run(name, program => program);
        foreach (var (step, differences) in steps.Select((d, i) => (i + 1, d)))
            foreach (var d in differences) output.WriteLine($"{name}, step {step}: {d}");
        var breaches = steps.SelectMany((differences, i) => StepTolerance.Breaches(differences, definition, i + 1).Select(b => $"step {i + 1}: {b}")).ToList();
        Assert.Empty(breaches);
        // Most of the step is the same arithmetic on both sides: each step leaves parameters and gradients bit-identical in places.
        Assert.All(steps, differences => Assert.Contains(differences, d => d.Buffer.Contains("parameters") && d.Differing < d.Elements));
    }

    /// <summary>
    /// Two steps of the CPU step and of <paramref name="edit"/>(the device program) from one start, each compared after it.
    /// Before the second step the device's buffers are set to the CPU's again (as from a checkpoint; the device's counters
    /// carry on), so the second step checks the counters and the state a step leaves without the first step's rounding
    /// growing through it: Adam moves each weight by about lr whatever its gradient's size, so a last-bit difference in a
    /// gradient near zero moves a weight by up to 2 lr, and a step later that is in every activation.
    /// </summary>
    internal static List<List<BufferDifference>> Run(string name, Func<IReadOnlyList<DeviceOp>, IReadOnlyList<DeviceOp>> edit, int batch = Batch)
    {
        var model = GanZoo.Models.Single(m => m.Definition.Name == name);
        var definition = model.Definition;
        using var cpu = new GanState(definition, batch);
        using var memory = new GanState(definition, batch);
        ParameterInit.Initialise(cpu, definition.Init, 11);
        cpu.Seed = memory.Seed = 5;
        var program = edit(definition.DeviceProgram);
        var latents = new LatentSampler(definition.LatentDistribution, 3, 1);
        var pixels = new Random(2);
        float low = definition.Pixels == PixelRange.ZeroOne ? 0f : -1f;
        var differences = new List<List<BufferDifference>>();
        // A state part-way through a run, so the step counter and the Adam step counters hold different values.
        cpu.Step = memory.Step = 7;
        using var device = new EmulatedDevice(memory);
        for (int step = 1; step <= 2; step++)
        {
            // The inputs the trainer writes before a step.
            foreach (ref float x in cpu.Real) x = low + (1f - low) * pixels.NextSingle();
            latents.Fill(cpu.LatentD);
            latents.Fill(cpu.LatentG);
            StateCopy.Buffers(cpu, memory);
            var before = new[] { Net.Generator, Net.Discriminator }.ToDictionary(net => net, net => cpu.Network(net).Parameters.AsSpan().ToArray());
            model.TrainStep(cpu);
            device.Step(program);
            differences.Add(BufferDifference.Between(cpu, memory, before));
        }
        return differences;
    }

    internal const int Batch = 4;
}
