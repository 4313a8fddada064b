using Dcgan.Runtime;
using Dcgan.Runtime.IO;

namespace Dcgan.Cli.Tests;

/// <summary>A run stopped and resumed ends exactly where one run straight through ends.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Interrupted_then_resumed_ends_bit_for_bit_like_an_uninterrupted_run()
    {
        // 100 images at batch 16: 6 steps per epoch, 3 epochs = 18 steps; checkpoints every 4 steps.
        var model = ModelCatalog.Require("fc_conv_mnist");
        var images = new byte[100 * 28 * 28];
        new Random(3).NextBytes(images);
        TrainingOptions Options(string name) => new()
        {
            RunDirectory = Path.Combine(_root, name), Dataset = "synthetic", Epochs = 3, BatchSize = 16, Seed = 9,
            LogEvery = 1, CheckpointEvery = 4, KeepCheckpoints = 2,
        };

        string straight = new Trainer(model, Options("straight"), new Silent()).Run(images, 100);

        // Interrupted in the middle of epoch 2 (after step 8, as Ctrl-C would), then resumed.
        using var interrupt = new CancellationTokenSource();
        var stopper = new Silent { AfterStep = step => { if (step == 8) interrupt.Cancel(); } };
        string saved = new Trainer(model, Options("interrupted") with { Cancellation = interrupt.Token }, stopper).Run(images, 100);
        Assert.EndsWith("step_0000008.safetensors", saved);
        string resumed = new Trainer(model, Options("interrupted") with { ResumeFrom = saved }, new Silent()).Run(images, 100);

        var a = SafeTensorsFile.Read(straight);
        var b = SafeTensorsFile.Read(resumed);
        Assert.Equal("18", b.Metadata["step"]);
        Assert.Equal(a.Tensors.Keys.Order(), b.Tensors.Keys.Order());
        foreach (var name in a.Tensors.Keys)
            Assert.True(a.Get(name).Data.AsSpan().SequenceEqual(b.Get(name).Data), $"{name} differs after resuming");

        // Only the newest two step checkpoints are kept.
        var kept = Directory.GetFiles(Path.Combine(_root, "interrupted", "checkpoints"), "step_*").Select(Path.GetFileName).Order();
        Assert.Equal(["step_0000016.safetensors", "step_0000018.safetensors"], kept);
    }

    [Fact]
    public void A_checkpoint_of_another_seed_is_refused_and_nothing_is_written()
    {
        var model = ModelCatalog.Require("fc_conv_mnist");
        var images = new byte[40 * 28 * 28];
        var options = new TrainingOptions { RunDirectory = Path.Combine(_root, "a"), Dataset = "synthetic", Epochs = 1, BatchSize = 8, Seed = 1, MaxSteps = 2 };
        string checkpoint = new Trainer(model, options, new Silent()).Run(images, 40);
        var other = options with { RunDirectory = Path.Combine(_root, "b"), Seed = 2, ResumeFrom = checkpoint };
        var error = Assert.Throws<DcganException>(() => new Trainer(model, other, new Silent()).Run(images, 40));
        Assert.Contains("seed 1", error.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "b")));
    }
}
