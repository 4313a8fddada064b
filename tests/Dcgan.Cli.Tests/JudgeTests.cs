using System.Globalization;
using Dcgan.Models;
using Dcgan.Runtime;
using Dcgan.Runtime.Evaluation;

namespace Dcgan.Cli.Tests;

/// <summary>The shipped judge: its weights load, it learned what it claims, and it refuses what it was not trained on.</summary>
public sealed class JudgeTests
{
    [Fact]
    public void The_shipped_weights_load_and_record_at_least_99_percent_test_accuracy_and_their_command()
    {
        using var judge = ShippedJudge.Open(null);
        Assert.True(double.Parse(judge.Metadata["test_accuracy"], CultureInfo.InvariantCulture) >= 0.99, judge.Metadata["test_accuracy"]);
        Assert.StartsWith("dcgan-cli train-judge", judge.Metadata["command"]);
    }

    [Theory]
    [InlineData(1.5f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void Pixels_outside_zero_to_one_are_refused_naming_the_image(float bad)
    {
        using var judge = new Judge(new MnistJudge());
        var images = new float[3 * 784];
        images[784 + 100] = bad;
        var error = Assert.Throws<DcganException>(() => judge.Assess(images, "fakes.idx"));
        Assert.Contains("fakes.idx: image 1", error.Message);
        Assert.Contains("[0, 1]", error.Message);
    }

    [Fact]
    public void Images_of_another_size_are_refused()
    {
        using var judge = new Judge(new MnistJudge());
        var error = Assert.Throws<DcganException>(() => judge.Assess(new float[2 * 64 * 64], "big.idx"));
        Assert.Contains("28x28", error.Message);
    }

    [Fact]
    public void Eval_of_an_idx_file_of_another_size_is_one_line_and_exit_1()
    {
        using var directory = new TempFolder();
        string idx = Path.Combine(directory.Path, "big.idx");
        Dcgan.Runtime.Data.IdxFile.Write(idx, [4, 32, 32], new byte[4 * 32 * 32]);
        var (code, _, error) = CliHarness.Run("eval", idx, "--data-dir", FakeMnist(directory.Path));
        Assert.Equal(1, code);
        Assert.Contains("28x28", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Eval_json_is_one_object_with_the_figures_and_the_class_shares()
    {
        using var directory = new TempFolder();
        string data = FakeMnist(directory.Path);
        string idx = Path.Combine(directory.Path, "fakes.idx");
        var images = new byte[30 * 784];
        new Random(3).NextBytes(images);
        Dcgan.Runtime.Data.IdxFile.Write(idx, [30, 28, 28], images);
        var (code, output, error) = CliHarness.Run("eval", idx, "--data-dir", data, "--json");
        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(30, root.GetProperty("count").GetInt32());
        Assert.True(root.GetProperty("fid").GetDouble() >= 0 && root.GetProperty("floor_fid").GetDouble() >= 0);
        Assert.Equal(10, root.GetProperty("class_shares").GetArrayLength());
        Assert.Equal(1.0, root.GetProperty("class_shares").EnumerateArray().Sum(s => s.GetDouble()), 2);
        Assert.InRange(root.GetProperty("classes_covered").GetInt32(), 1, 10);
    }

    [Fact]
    public void Eval_every_records_the_measurements_in_metrics_csv_and_leaves_training_unchanged()
    {
        using var directory = new TempFolder();
        string data = FakeMnist(directory.Path);
        string measured = Path.Combine(directory.Path, "measured"), plain = Path.Combine(directory.Path, "plain");
        string[] common = ["train", "--dataset", "mnist", "--data-dir", data, "--model", "fc_conv_mnist", "--batch-size", "16", "--max-steps", "4", "--log-every", "1"];
        var (code, output, error) = CliHarness.Run([.. common, "--out", measured, "--eval-every", "2", "--eval-count", "40"]);
        Assert.True(code == 0, error);
        Assert.Contains("FID", output);
        Assert.Equal(0, CliHarness.Run([.. common, "--out", plain]).ExitCode);

        var rows = File.ReadAllLines(Path.Combine(measured, "metrics.csv"));
        Assert.Equal("step,epoch,d_loss,g_loss,d_x,d_g_z,images_per_s,fid,digits_covered,confidence", rows[0]);
        var fids = rows.Skip(1).Select(r => r.Split(',')).ToDictionary(c => c[0], c => c[7]);
        Assert.Equal("", fids["1"]);
        Assert.True(double.Parse(fids["2"], CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(fids["4"], CultureInfo.InvariantCulture) > 0);
        Assert.True(File.Exists(Path.Combine(measured, "losses.png")));
        // Measuring samples through the training state's arena must not change what the run learns.
        Assert.Equal(File.ReadAllBytes(Path.Combine(plain, "checkpoints", "final.safetensors")),
            File.ReadAllBytes(Path.Combine(measured, "checkpoints", "final.safetensors")));
    }

    /// <summary>A data directory holding a tiny MNIST (random digits, labels 0-9), so eval finds its reference sets without a download.</summary>
    private static string FakeMnist(string root)
    {
        string mnist = Path.Combine(root, "data", "mnist");
        Directory.CreateDirectory(mnist);
        var random = new Random(1);
        foreach (var (split, count) in new[] { ("train", 60), ("t10k", 40) })
        {
            var images = new byte[count * 784];
            random.NextBytes(images);
            Dcgan.Runtime.Data.IdxFile.Write(Path.Combine(mnist, $"{split}-images-idx3-ubyte"), [count, 28, 28], images);
            Dcgan.Runtime.Data.IdxFile.Write(Path.Combine(mnist, $"{split}-labels-idx1-ubyte"), [count], Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
        }
        return Path.Combine(root, "data");
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("dcgan-judge-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
