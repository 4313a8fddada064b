using System.Text.Json;
using Dcgan.Runtime;

namespace Dcgan.Cli.Tests;

/// <summary>A run whose loss turns NaN stops naming the last good checkpoint, or rolls back to it with lower learning rates.</summary>
public sealed class DivergenceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-divergence-").FullName;
    private readonly byte[] _images = RandomImages();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private TrainingOptions Options(DivergencePolicy policy) => new()
    {
        RunDirectory = Path.Combine(_root, "run"), Dataset = "synthetic", Epochs = 2, BatchSize = 16, Seed = 4,
        LogEvery = 1, CheckpointEvery = 4, KeepCheckpoints = 10, OnDivergence = policy,
    };

    [Fact]
    public void Stop_names_the_step_and_the_last_good_checkpoint_and_leaves_it_intact()
    {
        var model = new PoisonedOnce(ModelCatalog.Require("fc_conv_mnist"), atStep: 7);
        var error = Assert.Throws<DivergenceException>(() => new Trainer(model, Options(DivergencePolicy.Stop), new Silent()).Run(_images, 100));
        // 6 steps per epoch: the epoch-end checkpoint at step 6 is the last before the NaN at step 7.
        string good = Path.Combine(_root, "run", "checkpoints", "step_0000006.safetensors");
        Assert.Equal(7, error.Step);
        Assert.Equal(good, error.LastGoodCheckpoint);
        Assert.Contains("step 7", error.Message);
        Assert.Contains(good, error.Message);
        Assert.False(File.Exists(Path.Combine(_root, "run", "checkpoints", "step_0000008.safetensors")));
        Assert.False(File.Exists(Path.Combine(_root, "run", "checkpoints", "final.safetensors")));
        using var state = new GanState(model.Definition, 16);
        Checkpoint.Load(good, state);
    }

    [Fact]
    public void Rollback_resumes_from_the_last_good_checkpoint_with_halved_learning_rates_and_finishes()
    {
        var inner = ModelCatalog.Require("fc_conv_mnist");
        var model = new PoisonedOnce(inner, atStep: 7);
        var rollbacks = new List<string>();
        var observer = new Silent { OnRolledBack = checkpoint => rollbacks.Add(checkpoint) };
        string final = new Trainer(model, Options(DivergencePolicy.Rollback), observer).Run(_images, 100);
        Assert.True(File.Exists(final));
        Assert.Equal([Path.Combine(_root, "run", "checkpoints", "step_0000006.safetensors")], rollbacks);
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_root, "run", "config.json")));
        float learningRate = config.RootElement.GetProperty("g_adam").GetProperty("lr").GetSingle();
        Assert.Equal(inner.Definition.GeneratorAdam.LearningRate / 2, learningRate, 6);
    }

    [Fact]
    public void Rollback_gives_up_after_its_limit_when_the_run_keeps_diverging()
    {
        var model = new PoisonedOnce(ModelCatalog.Require("fc_conv_mnist"), atStep: 7, times: int.MaxValue);
        var options = Options(DivergencePolicy.Rollback) with { MaxRollbacks = 2 };
        int rollbacks = 0;
        Assert.Throws<DivergenceException>(() => new Trainer(model, options, new Silent { OnRolledBack = _ => rollbacks++ }).Run(_images, 100));
        Assert.Equal(2, rollbacks);
    }

    private static byte[] RandomImages()
    {
        var images = new byte[100 * 28 * 28];
        new Random(8).NextBytes(images);
        return images;
    }

    /// <summary>The real step, whose G loss reads NaN when the state reaches <paramref name="atStep"/>, the first <paramref name="times"/> times.</summary>
    private sealed class PoisonedOnce(IGanModel inner, long atStep, int times = 1) : IGanModel
    {
        private int _fired;
        public GanDefinition Definition => inner.Definition;
        public void Generate(GanState state, BatchNormMode batchNorm = BatchNormMode.Eval) => inner.Generate(state, batchNorm);
        public void TrainStep(GanState state)
        {
            inner.TrainStep(state);
            if (state.Step == atStep && _fired < times)
            {
                _fired++;
                state.GLoss = float.NaN;
            }
        }
    }
}
