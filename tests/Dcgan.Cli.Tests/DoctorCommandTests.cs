using Dcgan.Tests.Shared;

namespace Dcgan.Cli.Tests;

/// <summary><c>dcgan-cli doctor</c>: one report on stdout; where a GPU run is not possible, exit 1 and one line on stderr saying what is missing.</summary>
public sealed class DoctorCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-doctor-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void AssertNoStackTrace(string output, string error)
    {
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", output + error);
    }

    [NoCudaFact]
    public void Without_CUDA_it_reports_each_library_and_where_it_looked_and_exits_1_with_one_line()
    {
        var (code, output, error) = CliHarness.Run("doctor");

        Assert.Equal(1, code);
        AssertNoStackTrace(output, error);
        Assert.Equal("dcgan-cli: doctor: not ready for a GPU run: CUDA driver, NVRTC, cuBLAS, cuDNN 9 (details above)", error.Trim());
        string[] lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("CUDA driver  libcuda.so.1 not found; looked in", lines);
        Assert.Contains("NVRTC        libnvrtc.so.13 or libnvrtc.so.12 not found; looked in", lines);
        Assert.Contains("cuBLAS       libcublas.so.13 or libcublas.so.12 not found; looked in", lines);
        Assert.Contains("cuDNN 9      libcudnn.so.9 not found; looked in", lines);
        Assert.Contains(lines, line => line.StartsWith("the usual paths: ", StringComparison.Ordinal) && line.Contains("/usr/lib64"));
        Assert.Equal(4, lines.Count(line => line == "and by name through the system loader"));
        Assert.DoesNotContain("check", output);
    }

    [NoCudaFact]
    public void Cuda_libs_is_searched_first_and_a_file_the_loader_refuses_is_named_with_the_loaders_error()
    {
        string libs = Directory.CreateDirectory(Path.Combine(_root, "libs")).FullName;
        File.WriteAllText(Path.Combine(libs, "libcudnn.so.9"), "not a shared object");
        File.WriteAllText(Path.Combine(libs, "libcublas.so.12"), "not a shared object");

        var (code, output, error) = CliHarness.Run("doctor", "--cuda-libs", libs);

        Assert.Equal(1, code);
        AssertNoStackTrace(output, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Matches($@"cuDNN 9 +{libs}/libcudnn\.so\.9 was found \(--cuda-libs\) but did not load: {libs}/libcudnn\.so\.9: (file too short|invalid ELF header)", output);
        Assert.Contains($"--cuda-libs: {libs}", output);
        Assert.Contains($"passed over {libs}/libcublas.so.12 (no libcublasLt.so.12 beside it)", output);
    }

    [GpuFact]
    public void With_a_working_GPU_setup_it_exits_0_after_every_check_passes()
    {
        var (code, output, error) = CliHarness.Run("doctor");

        Assert.True(code == 0, output + error);
        Assert.Empty(error);
        Assert.Contains("GPU 0", output);
        Assert.Equal(4, output.Split('\n').Count(line => line.StartsWith("check", StringComparison.Ordinal) && line.EndsWith(": ok", StringComparison.Ordinal)));
        Assert.Contains("Everything a GPU run needs works.", output);
        // The default model's plan against the GPU's free memory, and its generated kernels through NVRTC into a module.
        string[] model = output.Split('\n').Where(line => line.StartsWith("model", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, model.Length);
        Assert.Contains("pyimagesearch at batch 128: needs", model[0]);
        Assert.Contains("fits)", model[0]);
        Assert.Contains("every kernel found in the module", model[1]);
    }

    [Fact]
    public void DCGAN_DUMP_gets_the_models_CUDA_source_as_name_dot_cu_with_or_without_a_GPU()
    {
        string dump = Path.Combine(_root, "dump");

        var result = CliProcess.Run(["doctor", "--model", "ganlab"], new Dictionary<string, string?> { ["DCGAN_DUMP"] = dump });

        string file = Path.Combine(dump, "ganlab.cu");
        Assert.True(File.Exists(file), result.Out + result.Error);
        string source = ModelCatalog.Require("ganlab").Definition.CudaSource;
        Assert.NotEmpty(source);
        Assert.Equal(source, File.ReadAllText(file));
        Assert.Equal(["ganlab.cu"], Directory.GetFileSystemEntries(dump).Select(Path.GetFileName));
        Assert.Contains($"dump         {file}", result.Out.Split('\n', StringSplitOptions.TrimEntries));
        Assert.DoesNotContain("warning", result.Error);
    }

    [Theory]
    [InlineData("--model", "dcgan128", "unknown model")]
    [InlineData("--batch-size", "0", "--batch-size")]
    public void A_wrong_flag_is_one_line_and_exit_code_2(string flag, string value, string mentioned)
    {
        var (code, output, error) = CliHarness.Run("doctor", flag, value);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(mentioned, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
