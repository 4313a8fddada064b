using Dcgan.Runtime;
using Dcgan.Runtime.Data;

namespace Dcgan.Cli.Tests;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-generate-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string TrainBriefly()
    {
        var images = new byte[64 * 28 * 28];
        new Random(4).NextBytes(images);
        var options = new TrainingOptions { RunDirectory = Path.Combine(_root, "run"), Dataset = "synthetic", Epochs = 1, BatchSize = 16, Seed = 1 };
        return new Trainer(ModelCatalog.Require("pyimagesearch"), options, new Silent()).Run(images, 64);
    }

    [Fact]
    public void Sixty_four_images_with_the_run_s_seed_redraw_its_last_sample_grid()
    {
        string checkpoint = TrainBriefly();
        string png = Path.Combine(_root, "grid.png");
        var (code, _, error) = CliHarness.Run("generate", checkpoint, "--count", "64", "--out", png);
        Assert.True(code == 0, error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "run", "samples", "epoch_0001.png")), File.ReadAllBytes(png));
    }

    [Fact]
    public void Idx_output_is_an_mnist_style_file_of_the_requested_count()
    {
        string checkpoint = TrainBriefly();
        string idx = Path.Combine(_root, "fakes.idx");
        var (code, _, error) = CliHarness.Run("generate", checkpoint, "--count", "150", "--out", idx, "--format", "idx");
        Assert.True(code == 0, error);
        var data = IdxFile.Read(idx);
        Assert.Equal([150, 28, 28], data.Dimensions);
        Assert.Contains(data.Data, b => b is > 0 and < 255);
    }

    [Fact]
    public void A_two_image_walk_is_g_of_its_two_ends_the_first_two_generated_images()
    {
        string checkpoint = TrainBriefly();
        string walk = Path.Combine(_root, "walk.png"), pair = Path.Combine(_root, "pair.png");
        Assert.Equal(0, CliHarness.Run("interpolate", checkpoint, "--walk", "--size", "2", "--out", walk).ExitCode);
        Assert.Equal(0, CliHarness.Run("generate", checkpoint, "--count", "2", "--out", pair).ExitCode);
        Assert.Equal(File.ReadAllBytes(pair), File.ReadAllBytes(walk));

        string plane = Path.Combine(_root, "plane.png");
        var (code, output, error) = CliHarness.Run("interpolate", checkpoint, "--size", "5", "--out", plane);
        Assert.True(code == 0, error);
        Assert.Contains("5x5", output);
        var image = SixLabors.ImageSharp.Image.Identify(File.ReadAllBytes(plane));
        Assert.Equal(image.Width, image.Height);
    }

    [Fact]
    public void Training_mode_batch_norm_normalises_each_batch_by_itself()
    {
        string checkpoint = TrainBriefly();
        string eval = Path.Combine(_root, "eval.png"), train = Path.Combine(_root, "train.png"), again = Path.Combine(_root, "again.png");
        Assert.Equal(0, CliHarness.Run("generate", checkpoint, "--count", "20", "--out", eval).ExitCode);
        var (code, output, error) = CliHarness.Run("generate", checkpoint, "--count", "20", "--bn", "train", "--batch-size", "8", "--out", train);
        Assert.True(code == 0, error);
        Assert.Contains("batches of 8", output);
        Assert.NotEqual(File.ReadAllBytes(eval), File.ReadAllBytes(train));
        // The same request draws the same images: batch statistics depend on the batch, not on chance.
        Assert.Equal(0, CliHarness.Run("generate", checkpoint, "--count", "20", "--bn", "train", "--batch-size", "8", "--out", again).ExitCode);
        Assert.Equal(File.ReadAllBytes(train), File.ReadAllBytes(again));

        var misuse = CliHarness.Run("generate", checkpoint, "--batch-size", "8", "--out", Path.Combine(_root, "x.png"));
        Assert.Equal(2, misuse.ExitCode);
        Assert.Contains("--bn train", misuse.Error);
        Assert.Equal(2, CliHarness.Run("generate", checkpoint, "--bn", "batch", "--out", Path.Combine(_root, "y.png")).ExitCode);
    }

    [Fact]
    public void Export_writes_an_onnx_model_that_onnx_runtime_loads_with_the_latent_input_and_image_output()
    {
        string checkpoint = TrainBriefly();
        string onnx = Path.Combine(_root, "g.onnx");
        var (code, output, error) = CliHarness.Run("export", checkpoint, "--onnx", onnx);
        Assert.True(code == 0, error);
        Assert.Contains("opset 17", output);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx);
        Assert.Equal([-1, 100, 1, 1], session.InputMetadata["z"].Dimensions);
        Assert.Equal([-1, 1, 28, 28], session.OutputMetadata["image"].Dimensions);
        Assert.Equal("pyimagesearch", session.ModelMetadata.CustomMetadataMap["model"]);

        string notCheckpoint = Path.Combine(_root, "notes.txt"), refused = Path.Combine(_root, "refused.onnx");
        File.WriteAllText(notCheckpoint, "not a checkpoint");
        Assert.Equal(1, CliHarness.Run("export", notCheckpoint, "--onnx", refused).ExitCode);
        Assert.False(File.Exists(refused));
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_refused_and_nothing_is_written()
    {
        string notCheckpoint = Path.Combine(_root, "notes.txt");
        File.WriteAllText(notCheckpoint, "not a checkpoint");
        string png = Path.Combine(_root, "out.png");
        var (code, _, error) = CliHarness.Run("generate", notCheckpoint, "--out", png);
        Assert.Equal(1, code);
        Assert.Contains(notCheckpoint, error);
        Assert.False(File.Exists(png));
    }
}
