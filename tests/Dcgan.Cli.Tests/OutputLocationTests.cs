using Dcgan.Runtime.Data;

namespace Dcgan.Cli.Tests;

/// <summary>
/// Output that cannot be written, and a batch larger than the dataset, are found before training or rendering
/// starts: exit code 2, one line naming the flag, and nothing half-written.
/// </summary>
public sealed class OutputLocationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-outputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string RegularFile()
    {
        string file = Path.Combine(_root, "notes.txt");
        File.WriteAllText(file, "a regular file");
        return file;
    }

    /// <summary>An MNIST-layout directory of <paramref name="count"/> random 28x28 images.</summary>
    private string TinyIdxDataset(int count)
    {
        string directory = Path.Combine(_root, "data");
        var images = new byte[count * 28 * 28];
        new Random(5).NextBytes(images);
        IdxFile.Write(Path.Combine(directory, "train-images-idx3-ubyte"), [count, 28, 28], images);
        IdxFile.Write(Path.Combine(directory, "train-labels-idx1-ubyte"), [count], Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
        return directory;
    }

    private static void AssertRefused((int ExitCode, string Out, string Error) result, params string[] mentioned)
    {
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}, stderr: {result.Error}");
        Assert.Single(result.Error.Trim().Split('\n'));
        foreach (var text in mentioned) Assert.Contains(text, result.Error);
    }

    [Fact]
    public void Train_refuses_a_run_directory_under_a_regular_file()
        => AssertRefused(CliHarness.Run("train", "--out", Path.Combine(RegularFile(), "run")), "--out", "is a file");

    [Fact]
    public void Train_refuses_a_run_directory_that_is_a_regular_file()
        => AssertRefused(CliHarness.Run("train", "--out", RegularFile()), "--out", "is a file");

    [ReadOnlyDirectoryFact]
    public void Train_refuses_a_run_directory_it_cannot_write()
        => AssertRefused(CliHarness.Run("train", "--out", Path.Combine(ReadOnlyDirectory.Path!, "run")), "--out", "cannot write");

    [Fact]
    public void Train_refuses_a_batch_larger_than_the_dataset_and_leaves_no_run_directory()
    {
        string data = TinyIdxDataset(10), run = Path.Combine(_root, "run");
        AssertRefused(CliHarness.Run("train", "--model", "fc_conv_mnist", "--dataset", $"idx:{data}", "--batch-size", "16", "--out", run),
            "--batch-size 16", "10 images");
        Assert.False(Directory.Exists(run));
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("interpolate")]
    public void Generate_and_interpolate_refuse_an_output_under_a_regular_file_before_reading_the_checkpoint(string command)
        => AssertRefused(CliHarness.Run(command, Path.Combine(_root, "no-such.safetensors"), "--out", Path.Combine(RegularFile(), "grid.png")), "--out", "is a file");

    [Fact]
    public void Generate_refuses_an_output_that_is_a_directory()
        => AssertRefused(CliHarness.Run("generate", Path.Combine(_root, "no-such.safetensors"), "--out", _root), "--out", "is a directory");

    [ReadOnlyDirectoryFact]
    public void Generate_refuses_an_output_it_cannot_write()
        => AssertRefused(CliHarness.Run("generate", Path.Combine(_root, "no-such.safetensors"), "--out", Path.Combine(ReadOnlyDirectory.Path!, "grid.png")), "--out", "cannot write");

    [Fact]
    public void Parity_refuses_a_dump_directory_under_a_regular_file()
        => AssertRefused(CliHarness.Run("parity", Path.Combine(_root, "x.safetensors"), "--dump", Path.Combine(RegularFile(), "dump")), "--dump", "is a file");
}
