using Dcgan.Models;
using Dcgan.Parity.Tests.DeviceProgram;
using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// One zoo GAN stepped side by side on the CPU backend and on the CUDA executor over the stand-in, from one start and
/// one dataset, each step compared. Before every step the executor's state is set to the CPU's (as from a checkpoint:
/// its graph is kept, since nothing baked into it changed), so each step is compared from the same state and rounding
/// does not grow through the run (DeviceProgramTests explains why that matters for Adam).
/// </summary>
internal sealed class ExecutorRun : IDisposable
{
    public const int Batch = 4;
    private const ulong Seed = 5;

    private ExecutorRun(IGanModel model, CudaExecutorOptions options)
    {
        Model = model;
        Cpu = new CpuGanDevice(model, Batch, Seed);
        ParameterInit.Initialise(Cpu.Host, model.Definition.Init, 11);
        Cuda = CudaGanDevice.Open(model, Batch, Seed, options);
        var images = new byte[6 * Batch * model.Definition.ImageSize];
        new Random(3).NextBytes(images);
        foreach (var device in new IGanDevice[] { Cpu, Cuda })
        {
            device.UseDataset(images, 6 * Batch);
            device.StartEpoch();
            // Part-way through the latent stream, so the device's counter is read rather than assumed zero.
            device.LatentCounter = 40;
        }
    }

    public IGanModel Model { get; }
    public CpuGanDevice Cpu { get; }
    public CudaGanDevice Cuda { get; }

    public static ExecutorRun Start(string model, ExecutorFault fault = ExecutorFault.None)
    {
        return new ExecutorRun(GanZoo.Models.Single(m => m.Definition.Name == model),
            new CudaExecutorOptions(KernelCacheDirectory: KernelCacheDirectory) { Fault = fault });
    }

    /// <summary>Beside the stand-in build it was compiled by (its directory is keyed by the stand-in's sources, shim included).</summary>
    public static string KernelCacheDirectory => StandIn.KernelCacheDirectory(StandIn.Require());

    /// <summary>One fed step of batch <paramref name="batchIndex"/> on both, from the CPU's state; what differs after it.</summary>
    public List<BufferDifference> Step(int batchIndex)
    {
        CopyState(Cpu.Host, Cuda.Host);
        Cuda.LatentCounter = Cpu.LatentCounter;
        Cuda.Upload();
        var before = new[] { Net.Generator, Net.Discriminator }.ToDictionary(net => net, net => Cpu.Host.Network(net).Parameters.AsSpan().ToArray());
        var cpuResult = Cpu.TrainStep(batchIndex);
        var cudaResult = Cuda.TrainStep(batchIndex);
        Cuda.Download();
        var differences = BufferDifference.Between(Cpu.Host, Cuda.Host, before);
        differences.Add(new BufferDifference("latent counter", 1, Cpu.LatentCounter == Cuda.LatentCounter ? 0 : 1,
            Math.Abs((double)Cpu.LatentCounter - Cuda.LatentCounter), 0, Cpu.LatentCounter));
        // The step's result reports the losses the step left, and D's mean verdicts as the CPU's do (to well within rounding).
        double verdicts = Math.Max(Math.Abs(cpuResult.MeanDOfReal - cudaResult.MeanDOfReal), Math.Abs(cpuResult.MeanDOfFake - cudaResult.MeanDOfFake));
        bool reported = cudaResult.DLoss == Cuda.Host.DLoss && cudaResult.GLoss == Cuda.Host.GLoss;
        differences.Add(new BufferDifference("step result (its losses, D's mean verdicts within 1e-4)", 2, reported && verdicts <= 1e-4 ? 0 : 1, verdicts, 0, 1));
        return differences;
    }

    /// <summary>
    /// What the executor's step may differ from the CPU step by. Unlike the emulator's (StepTolerance), the stand-in's
    /// cuBLAS and cuDNN round otherwise than the CPU's products (they sum in double, a GPU sums in float in an order of its
    /// own), so an activation within rounding of a ReLU's or LeakyReLU's kink can take the other slope, and batch norm
    /// over a batch of four carries that into whole gradients: the measured worst is 1.45e-2 of a buffer's norm (dcgan64's
    /// G gradients, a replayed step), most buffers of most models stay below 1e-3. The bound is 5e-2; the wrong executors
    /// of ExecutorTests are off by 0.67 to 1 of the norm, or not finite. The loss terms, computed before any backward
    /// kink, stay within StepTolerance's 1e-3 (measured worst 1.1e-4), and parameters are held as StepTolerance holds them.
    /// </summary>
    public const double BufferRelativeNorm = 5e-2;

    /// <summary>The breaches of the executor's tolerance in one step's differences (latent counter and step result exact).</summary>
    public IEnumerable<string> Breaches(List<BufferDifference> differences)
    {
        var exact = differences.Where(d => d.Buffer == "latent counter" || d.Buffer.StartsWith("step result")).ToList();
        var rest = differences.Except(exact).ToList();
        return StepTolerance.Breaches(rest, Model.Definition, Cpu.Host.Generator.AdamStep, BufferRelativeNorm)
            .Concat(StepTolerance.Breaches(rest.Where(d => d.Buffer.StartsWith("losses")), Model.Definition, Cpu.Host.Generator.AdamStep))
            .Concat(exact.Where(d => !d.Identical).Select(d => d.ToString()));
    }

    internal static void CopyState(GanState from, GanState to)
    {
        StateCopy.Buffers(from, to);
        foreach (var net in new[] { Net.Generator, Net.Discriminator })
        {
            to.Network(net).AdamStep = from.Network(net).AdamStep;
            to.Network(net).Adam = from.Network(net).Adam;
        }
        to.Step = from.Step;
        to.LabelSmoothing = from.LabelSmoothing;
        to.DropoutRate = from.DropoutRate;
        to.InputNoise = from.InputNoise;
    }

    public void Dispose()
    {
        Cuda.Dispose();
        Cpu.Dispose();
    }
}
