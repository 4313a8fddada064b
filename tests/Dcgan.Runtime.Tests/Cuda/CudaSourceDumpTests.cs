using Dcgan.Runtime.Cuda;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>DCGAN_DUMP=DIR: a model's CUDA source as DIR/NAME.cu, written atomically; a write that fails only warns.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class CudaSourceDumpTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_source_is_written_whole_as_name_dot_cu_and_a_second_write_replaces_it()
    {
        string directory = Path.Combine(_dir.Path, "dump", "nested");
        var warnings = new StringWriter();

        string? path = CudaSourceDump.WriteTo(directory, "fc_conv_mnist", "extern \"C\" __global__ void first() {}\n", warnings);
        Assert.Equal(Path.Combine(directory, "fc_conv_mnist.cu"), path);
        Assert.Equal("extern \"C\" __global__ void first() {}\n", File.ReadAllText(path!));

        Assert.Equal(path, CudaSourceDump.WriteTo(directory, "fc_conv_mnist", "// second\n", warnings));
        Assert.Equal("// second\n", File.ReadAllText(path!));
        // No temporary file is left beside it, and no byte-order mark is put in front of the source.
        Assert.Equal(["fc_conv_mnist.cu"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName));
        Assert.Equal((byte)'/', File.ReadAllBytes(path!)[0]);
        Assert.Empty(warnings.ToString());
    }

    [Fact]
    public void A_directory_that_cannot_be_written_is_one_warning_and_no_exception()
    {
        string notADirectory = _dir.File("a-file");
        File.WriteAllText(notADirectory, "in the way");
        var warnings = new StringWriter();

        Assert.Null(CudaSourceDump.WriteTo(notADirectory, "ganlab", "// source", warnings));

        string warning = warnings.ToString().Trim();
        Assert.Single(warning.Split('\n'));
        Assert.StartsWith($"warning: DCGAN_DUMP: ganlab's CUDA source was not written to {Path.Combine(notADirectory, "ganlab.cu")}: ", warning);
        Assert.Equal("in the way", File.ReadAllText(notADirectory));
    }

    [Theory]
    [InlineData("pyimagesearch", "pyimagesearch.cu")]
    [InlineData("a/b\0c", "a_b_c.cu")]
    public void File_names_keep_the_model_name_with_what_a_file_name_cannot_hold_replaced(string name, string file)
        => Assert.Equal(file, CudaSourceDump.FileName(name));

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(" ", null)]
    [InlineData("/tmp/dump", "/tmp/dump")]
    public void The_directory_is_the_variable_when_it_is_set(string? value, string? directory)
    {
        using var scope = new EnvironmentScope((CudaSourceDump.EnvironmentVariable, value));
        Assert.Equal(directory, CudaSourceDump.Directory());
    }
}
