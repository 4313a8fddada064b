using Dcgan.Runtime.Parity;

namespace Dcgan.Cli.Tests;

/// <summary>
/// <c>dcgan-cli reference</c>: writes NAME.py and this build's reference.py; an unknown model or an output it
/// cannot write is refused with exit code 2 and one line, and nothing is written.
/// </summary>
public sealed class ReferenceCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-reference-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void AssertRefused((int ExitCode, string Out, string Error) result, params string[] mentioned)
    {
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}, stderr: {result.Error}");
        Assert.Single(result.Error.Trim().Split('\n'));
        foreach (var text in mentioned) Assert.Contains(text, result.Error);
    }

    [Fact]
    public void Writes_the_definition_and_reference_py_and_says_what_to_run_next()
    {
        string directory = Path.Combine(_root, "new", "ref");
        var (code, output, error) = CliHarness.Run("reference", "--model", "conv4x4", "--out", directory);
        Assert.True(code == 0, error);
        Assert.Equal(new[] { "conv4x4.py", "reference.py" }, Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        Assert.Equal(PyTorchDefinition.ReferenceScript(), File.ReadAllBytes(Path.Combine(directory, "reference.py")));
        Assert.Equal(PyTorchDefinition.Render(ModelCatalog.Require("conv4x4").Definition), File.ReadAllText(Path.Combine(directory, "conv4x4.py")));
        Assert.Contains($"/usr/bin/python3 {Path.Combine(directory, "conv4x4.py")} FIXTURE_DIR", output);
        Assert.Contains("dcgan-cli parity FIXTURE_DIR/conv4x4.safetensors", output);
        Assert.Contains($"parity/noise_floor.py {Path.Combine(directory, "conv4x4.py")} FIXTURE_DIR -- [the fixture's arguments] --models conv4x4", output);
    }

    [Fact]
    public void Refuses_an_unknown_model_and_writes_nothing()
    {
        string directory = Path.Combine(_root, "ref");
        AssertRefused(CliHarness.Run("reference", "--model", "no_such_gan", "--out", directory), "unknown model 'no_such_gan'", "conv4x4");
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Refuses_an_output_that_is_a_regular_file()
    {
        string file = Path.Combine(_root, "notes.txt");
        File.WriteAllText(file, "a regular file");
        AssertRefused(CliHarness.Run("reference", "--model", "conv4x4", "--out", file), "--out", "is a file");
        AssertRefused(CliHarness.Run("reference", "--model", "conv4x4", "--out", Path.Combine(file, "ref")), "--out", "is a file");
        Assert.Equal(new[] { file }, Directory.GetFileSystemEntries(_root));
    }

    [ReadOnlyDirectoryFact]
    public void Refuses_a_directory_it_cannot_write()
    {
        string directory = Path.Combine(ReadOnlyDirectory.Path!, "ref");
        AssertRefused(CliHarness.Run("reference", "--model", "conv4x4", "--out", directory), "--out", "cannot write");
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Needs_both_flags()
    {
        var (code, _, error) = CliHarness.Run("reference", "--model", "conv4x4");
        Assert.Equal(2, code);
        Assert.Contains("--out", error);
    }
}
