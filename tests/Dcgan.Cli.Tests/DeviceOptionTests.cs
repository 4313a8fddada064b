using System.Text.Json;
using Dcgan.Runtime.Cuda;
using Dcgan.Tests.Shared;

namespace Dcgan.Cli.Tests;

/// <summary>
/// <c>--device</c>: cuda without a usable GPU is refused (exit 2, one line) saying what the probe found; auto runs on GPU 0
/// when there is one, else on the CPU, and says which and why in one line; cpu says nothing. (Runs on a GPU, here the
/// CUDA stand-in, are Dcgan.Cuda.Tests' and CudaTrainTests'.)
/// </summary>
public sealed class DeviceOptionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-device-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string TinyDataset()
    {
        string directory = Path.Combine(_root, "data");
        RandomMnist.Write(directory, 16, seed: 3);
        return directory;
    }

    [NoCudaFact]
    public void Cuda_without_a_usable_gpu_is_refused_by_every_command_in_one_line_saying_what_it_found()
    {
        foreach (var command in new[] { new[] { "train" }, ["bench"], ["parity", Path.Combine(_root, "x.safetensors")] })
        {
            var (code, output, error) = CliHarness.Run([.. command, "--device", "cuda"]);
            Assert.Equal(2, code);
            Assert.Empty(output);
            Assert.Single(error.Trim().Split('\n'));
            Assert.StartsWith("dcgan-cli: --device cuda: ", error);
            Assert.Contains("no usable GPU (", error);
            Assert.Contains("); use --device cpu (dcgan-cli doctor checks a GPU setup)", error);
        }
    }

    [NoCudaFact]
    public void Without_a_driver_cuda_names_the_missing_library_and_every_directory_including_cuda_libs()
    {
        var (code, _, error) = CliHarness.Run("train", "--device", "cuda", "--cuda-libs", _root);

        Assert.Equal(2, code);
        Assert.StartsWith($"dcgan-cli: --device cuda: no usable GPU (libcuda.so.1 not found; looked in --cuda-libs: {_root}; the usual paths: ", error);
        Assert.Contains("/usr/lib/wsl/lib", error);
        Assert.Contains("and by name through the system loader)", error);
    }

    [Fact]
    public void Auto_says_in_one_line_where_it_trains_and_why_and_cpu_says_nothing()
    {
        string data = TinyDataset();
        var probe = GpuProbe.Run();
        string[] common = ["train", "--model", "fc_conv_mnist", "--dataset", $"idx:{data}", "--batch-size", "8", "--epochs", "1", "--max-steps", "1"];

        var auto = CliHarness.Run([.. common, "--out", Path.Combine(_root, "auto")]);
        Assert.True(auto.ExitCode == 0, auto.Error);
        var notes = auto.Out.Split('\n').Where(line => line.StartsWith("--device auto:", StringComparison.Ordinal)).ToList();
        string expected = probe.Usable
            ? $"--device auto: running on cuda:0 ({probe.Devices[0].Name})"
            : $"--device auto: running on the CPU: no usable GPU ({probe.BriefProblem})";
        Assert.Equal([expected], notes);
        using (var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_root, "auto", "config.json"))))
            Assert.Equal(probe.Usable ? "cuda:0" : "cpu", config.RootElement.GetProperty("device").GetString());

        var cpu = CliHarness.Run([.. common, "--device", "cpu", "--out", Path.Combine(_root, "cpu")]);
        Assert.True(cpu.ExitCode == 0, cpu.Error);
        Assert.DoesNotContain("--device", cpu.Out);
    }

    [NoCudaFact]
    public void Auto_without_a_driver_names_the_missing_file_and_not_every_directory()
    {
        var (code, output, error) = CliHarness.Run("train", "--model", "fc_conv_mnist", "--dataset", $"idx:{TinyDataset()}", "--batch-size", "8",
            "--epochs", "1", "--max-steps", "1", "--out", Path.Combine(_root, "run"), "--cuda-libs", _root);

        Assert.True(code == 0, error);
        Assert.Contains("\n--device auto: running on the CPU: no usable GPU (libcuda.so.1 not found)\n", "\n" + output.Replace("\r", ""));
        Assert.DoesNotContain("looked in", output);
    }
}
