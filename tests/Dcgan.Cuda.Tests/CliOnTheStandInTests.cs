using Dcgan.Cli.Tests;
using Dcgan.Models;
using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;
using Dcgan.Runtime.Data;
using Dcgan.Runtime.IO;
using Dcgan.Tests.Shared;
using Xunit.Abstractions;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// dcgan-cli in a process of its own with <c>DCGAN_CUDA_LIBS</c> naming the stand-in, as a user would run it on a
/// machine whose CUDA libraries live in one directory: <c>doctor</c> passes, and <c>train --device cuda --on-nan
/// rollback</c> recovers from a divergence by re-opening the GPU step with halved learning rates.
/// </summary>
public sealed class CliOnTheStandInTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-cuda-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public void Doctor_in_a_child_process_finds_the_stand_in_through_DCGAN_CUDA_LIBS_and_exits_0()
    {
        string standIn = StandIn.Require();
        var result = CliProcess.Run(["doctor"], StandIn.ChildEnvironment(standIn));
        output.WriteLine(result.Out);
        Assert.True(result.ExitCode == 0, $"doctor exited {result.ExitCode}:\n{result.Out}\n{result.Error}");
        Assert.Contains("dcgan CPU stand-in", result.Out);
        Assert.Contains(standIn, result.Out);
    }

    [SkippableFact]
    public void Rollback_on_the_gpu_resumes_the_last_good_checkpoint_with_halved_learning_rates()
    {
        string standIn = StandIn.Require();
        // 40 images at batch 8: 5 steps an epoch, 2 epochs; checkpoints at steps 4 and 5 (the epoch's end). Step 7 reads
        // NaN once, so the run rolls back to step 5 and computes steps 6 to 10 again with both learning rates halved.
        string data = Path.Combine(_root, "data");
        var images = new byte[40 * 28 * 28];
        new Random(6).NextBytes(images);
        IdxFile.Write(Path.Combine(data, "train-images-idx3-ubyte"), [40, 28, 28], images);
        IdxFile.Write(Path.Combine(data, "train-labels-idx1-ubyte"), [40], new byte[40]);
        string run = Path.Combine(_root, "run");
        var environment = StandIn.ChildEnvironment(standIn);
        environment[DivergencePoint.Variable] = "after-step:7";
        var result = CliProcess.Run(["train", "--model", "fc_conv_mnist", "--dataset", $"idx:{data}", "--batch-size", "8", "--epochs", "2",
            "--seed", "9", "--checkpoint-every", "4", "--keep-checkpoints", "10", "--log-every", "1", "--device", "cuda",
            "--on-nan", "rollback", "--out", run], environment);
        output.WriteLine(result.Out);
        Assert.True(result.ExitCode == 0, $"train exited {result.ExitCode}:\n{result.Out}\n{result.Error}");
        Assert.Contains("on cuda:0", result.Out);
        string good = Path.Combine(run, "checkpoints", "step_0000005.safetensors");
        Assert.Contains($"Rolling back to {good} with learning rates halved", result.Out);

        // The rolled-back run is the GPU step with the halved rates baked into its graph, bit for bit: the same
        // checkpoint resumed here, in this process, with the rates halved by hand, ends in the same final state.
        var model = GanZoo.Models.Single(m => m.Definition.Name == "fc_conv_mnist");
        var definition = model.Definition;
        var options = new TrainingOptions
        {
            RunDirectory = Path.Combine(_root, "by-hand"), Dataset = "by hand", Epochs = 2, BatchSize = 8, Seed = 9,
            LogEvery = 1, CheckpointEvery = 4, KeepCheckpoints = 10, Device = "cuda:0", ResumeFrom = good,
            GeneratorAdam = definition.GeneratorAdam with { LearningRate = definition.GeneratorAdam.LearningRate / 2 },
            DiscriminatorAdam = definition.DiscriminatorAdam with { LearningRate = definition.DiscriminatorAdam.LearningRate / 2 },
        };
        string byHand = new Trainer(model, options, new Silent()).Run(images, 40);
        var a = SafeTensorsFile.Read(Path.Combine(run, "checkpoints", "final.safetensors"));
        var b = SafeTensorsFile.Read(byHand);
        Assert.Equal("10", a.Metadata["step"]);
        Assert.Equal(a.Tensors.Keys.Order(), b.Tensors.Keys.Order());
        foreach (var name in a.Tensors.Keys)
            Assert.True(a.Get(name).Data.AsSpan().SequenceEqual(b.Get(name).Data), $"{name} differs from the run resumed by hand");
    }
}
