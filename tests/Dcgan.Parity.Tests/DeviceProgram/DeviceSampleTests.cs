using Dcgan.Models;
using Dcgan.Parity.Tests.CudaKernels;
using Dcgan.Runtime;
using Xunit.Abstractions;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// The generated sampling programs are Generate: on the emulated device, from a state one training step into a run (its
/// running statistics moved off their initial values), <see cref="GanDefinition.DeviceSample"/> leaves the fake slot where
/// <c>Generate(state, BatchNormMode.Eval)</c> does and the running statistics as they were, and
/// <see cref="GanDefinition.DeviceSampleTraining"/> leaves the fake slot and G's running statistics where
/// <c>Generate(state, BatchNormMode.Train)</c> does, each within <see cref="SampleTolerance"/>.
/// </summary>
public class DeviceSampleTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models() => DeviceProgramTests.Models();

    [GxxTheory]
    [MemberData(nameof(Models))]
    public void The_eval_sampling_program_is_generate_in_eval_mode(string name)
    {
        var differences = Run(name, BatchNormMode.Eval, d => d.DeviceSample);
        foreach (var d in differences)
            output.WriteLine($"{name}, eval: {d}; {SampleTolerance.Epsilons(d):G3} epsilons of the largest |x| {d.LargestMagnitude:G3} (bound {SampleTolerance.Allowed(d, BatchNormMode.Eval):E2})");
        Assert.Empty(SampleTolerance.Breaches(differences, BatchNormMode.Eval));
    }

    [GxxTheory]
    [MemberData(nameof(Models))]
    public void The_training_sampling_program_is_generate_in_training_mode(string name)
    {
        var differences = Run(name, BatchNormMode.Train, d => d.DeviceSampleTraining);
        foreach (var d in differences)
            output.WriteLine($"{name}, train: {d}; {SampleTolerance.Epsilons(d):G3} epsilons of the largest |x| {d.LargestMagnitude:G3} (bound {SampleTolerance.Allowed(d, BatchNormMode.Train):E2})");
        Assert.Empty(SampleTolerance.Breaches(differences, BatchNormMode.Train));
    }

    /// <summary>
    /// One state a training step into a run, fresh latents in z_d, then Generate in <paramref name="mode"/> on the CPU and
    /// <paramref name="program"/> on the emulated device from copies of it: the fake slot and G's running statistics compared.
    /// </summary>
    internal static List<BufferDifference> Run(string name, BatchNormMode mode, Func<GanDefinition, IReadOnlyList<DeviceOp>> program, int batch = DeviceProgramTests.Batch)
    {
        var model = GanZoo.Models.Single(m => m.Definition.Name == name);
        var definition = model.Definition;
        using var cpu = new GanState(definition, batch) { Seed = 5 };
        using var memory = new GanState(definition, batch) { Seed = 5 };
        ParameterInit.Initialise(cpu, definition.Init, 11);
        var latents = new LatentSampler(definition.LatentDistribution, 3, 1);
        var pixels = new Random(2);
        float low = definition.Pixels == PixelRange.ZeroOne ? 0f : -1f;
        // One CPU step moves the parameters and every running statistic off its initial value (mean 0, variance 1), where
        // eval-mode batch norm would be close to the identity and could not tell the running statistics from a wrong buffer.
        foreach (ref float x in cpu.Real) x = low + (1f - low) * pixels.NextSingle();
        latents.Fill(cpu.LatentD);
        latents.Fill(cpu.LatentG);
        model.TrainStep(cpu);
        latents.Fill(cpu.LatentD);
        StateCopy.Buffers(cpu, memory);
        memory.Step = cpu.Step;
        memory.Generator.AdamStep = cpu.Generator.AdamStep;
        memory.Discriminator.AdamStep = cpu.Discriminator.AdamStep;
        using var device = new EmulatedDevice(memory);

        model.Generate(cpu, mode);
        device.Run(program(definition));
        return
        [
            BufferDifference.Of("fake", cpu.Fake, memory.Fake),
            BufferDifference.Of("Generator running statistics", cpu.Generator.Statistics.AsSpan(), memory.Generator.Statistics.AsSpan()),
        ];
    }
}
