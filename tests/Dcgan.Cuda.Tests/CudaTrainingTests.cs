using Dcgan.Cli.Tests;
using Dcgan.Models;
using Dcgan.Runtime;
using Dcgan.Runtime.IO;
using Dcgan.Runtime.Parity;
using Xunit.Abstractions;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// Training and parity through the CUDA executor on the stand-in, as <c>train --device cuda</c> and
/// <c>parity --device cuda</c> run them: a run interrupted and resumed ends bit for bit where a straight GPU run ends,
/// and every stored PyTorch fixture passes.
/// </summary>
public sealed class CudaTrainingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-cuda-train-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public void Interrupted_then_resumed_on_the_gpu_ends_bit_for_bit_like_a_straight_gpu_run()
    {
        StandIn.Require();
        // 40 images at batch 8: 5 steps per epoch, 4 epochs = 20 steps; checkpoints every 4 steps.
        var model = GanZoo.Models.Single(m => m.Definition.Name == "fc_conv_mnist");
        var images = new byte[40 * 28 * 28];
        new Random(3).NextBytes(images);
        TrainingOptions Options(string name) => new()
        {
            RunDirectory = Path.Combine(_root, name), Dataset = "synthetic", Epochs = 4, BatchSize = 8, Seed = 9,
            LogEvery = 1, CheckpointEvery = 4, KeepCheckpoints = 2, Device = "cuda:0",
        };

        string straight = new Trainer(model, Options("straight"), new Silent()).Run(images, 40);

        // Interrupted in the middle of epoch 2 (after step 8, as Ctrl-C would), then resumed.
        using var interrupt = new CancellationTokenSource();
        var stopper = new Silent { AfterStep = step => { if (step == 8) interrupt.Cancel(); } };
        string saved = new Trainer(model, Options("interrupted") with { Cancellation = interrupt.Token }, stopper).Run(images, 40);
        Assert.EndsWith("step_0000008.safetensors", saved);
        string resumed = new Trainer(model, Options("interrupted") with { ResumeFrom = saved }, new Silent()).Run(images, 40);

        var a = SafeTensorsFile.Read(straight);
        var b = SafeTensorsFile.Read(resumed);
        Assert.Equal("20", b.Metadata["step"]);
        Assert.Equal(a.Tensors.Keys.Order(), b.Tensors.Keys.Order());
        foreach (var name in a.Tensors.Keys)
            Assert.True(a.Get(name).Data.AsSpan().SequenceEqual(b.Get(name).Data), $"{name} differs after resuming");

        // The GPU run is training, not only reproducing itself: it ends near the CPU's run of the same seed and data.
        string cpu = new Trainer(model, Options("cpu") with { Device = "cpu" }, new Silent()).Run(images, 40);
        var c = SafeTensorsFile.Read(cpu);
        foreach (var name in a.Tensors.Keys.Where(n => n.StartsWith("G.", StringComparison.Ordinal)))
        {
            var gpu = a.Get(name).Data;
            var host = c.Get(name).Data;
            double difference = 0, norm = 0;
            for (int i = 0; i < gpu.Length; i++)
            {
                difference += (gpu[i] - (double)host[i]) * (gpu[i] - host[i]);
                norm += (double)host[i] * host[i];
            }
            output.WriteLine($"{name}: |gpu - cpu| / |cpu| = {Math.Sqrt(difference / Math.Max(norm, 1e-30)):E2} after 20 steps");
        }
    }

    public static TheoryData<string> Fixtures() => new(Directory.GetFiles(Path.Combine(StandIn.RepositoryRoot, "parity", "fixtures"), "*.safetensors")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [SkippableTheory]
    [MemberData(nameof(Fixtures))]
    public void Every_parity_fixture_passes_on_the_gpu(string fixture)
    {
        StandIn.Require();
        string path = Path.Combine(StandIn.RepositoryRoot, "parity", "fixtures", fixture);
        var report = ParityRunner.Run(path, name => GanZoo.Models.FirstOrDefault(m => m.Definition.Name == name), device: "cuda:0");
        var worst = report.Worst;
        output.WriteLine($"{report.Fixture} on {report.Device}: worst {worst.Tensor} {worst.WorstError:E2} vs {worst.Tolerance:E2} ({worst.Ratio:F2} of it)");
        foreach (var check in report.Checks.Where(c => !c.Passed)) output.WriteLine($"FAIL {check.Tensor}: {check.WorstError:E2} / {check.Tolerance:E2} {check.Detail}");
        Assert.StartsWith("cuda:0 ", report.Device);
        Assert.True(report.Passed, $"{fixture} fails on the GPU path");
    }
}
