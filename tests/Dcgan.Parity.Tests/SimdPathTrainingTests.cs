using Dcgan.Runtime.Cpu;
using Dcgan.Tests.Shared;

namespace Dcgan.Parity.Tests;

/// <summary>
/// Training computes the same bits on every SIMD path and thread count: the GEMM sums each product over k in one
/// order whatever its micro-kernel's shape, the elementwise kernels do the same float operations at any width, and
/// every reduction adds its lanes in one order. A few steps of `dcgan-cli train` in child processes told to run
/// AVX-512, AVX2 or scalar code, each on a different number of threads, must write the same checkpoint, byte for byte.
/// </summary>
public sealed class SimdPathTrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-simd-training-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // What the child's JIT is told, and how many threads it trains on.
    private static readonly (string Path, int Threads, Dictionary<string, string?> Environment)[] Runs =
    [
        ("avx512", 2, new()),
        ("avx2", 1, new() { ["DOTNET_EnableAVX512"] = "0", ["DOTNET_EnableAVX512F"] = "0" }),
        ("scalar", 3, new() { ["DOTNET_EnableAVX512"] = "0", ["DOTNET_EnableAVX512F"] = "0", ["DOTNET_EnableAVX2"] = "0" }),
    ];

    [SkippableTheory]
    [InlineData("fc_conv_mnist")] // linear, batch norm 1d and 2d, 5x5 stride-2 convolutions both ways
    [InlineData("ganlab")]        // bilinear upsampling, dropout, input noise, label smoothing
    public void Checkpoints_are_the_same_bytes_on_every_path_and_thread_count(string model)
    {
        var paths = Runs.Where(run => Narrower(run.Path)).ToList();
        Skip.If(paths.Count < 2, $"this CPU runs only the {CpuKernels.SimdPath} path: nothing to compare it with");
        string data = Path.Combine(_root, "data");
        if (!Directory.Exists(data))
        {
            RandomMnist.Write(data, 64, seed: 31);
        }

        byte[]? first = null;
        string firstRun = "";
        foreach (var (path, threads, environment) in paths)
        {
            string run = Path.Combine(_root, $"{model}-{path}");
            var result = CliProcess.Run(["train", "--model", model, "--dataset", $"idx:{data}", "--batch-size", "8", "--max-steps", "3",
                "--seed", "9", "--threads", threads.ToString(), "--device", "cpu", "--out", run], environment);
            Assert.True(result.ExitCode == 0, $"{path}: exit {result.ExitCode}\n{result.Error}");
            byte[] checkpoint = File.ReadAllBytes(Path.Combine(run, "checkpoints", "final.safetensors"));
            if (first is null)
            {
                (first, firstRun) = (checkpoint, $"{path} on {threads} thread(s)");
                continue;
            }
            Assert.True(first.AsSpan().SequenceEqual(checkpoint),
                $"{model}: the checkpoint of {path} on {threads} thread(s) differs from {firstRun}'s");
        }
    }

    /// <summary>Whether this process can give a child that path: its own or a narrower one.</summary>
    private static bool Narrower(string path) => CpuKernels.SimdPath switch
    {
        "avx512" => true,
        "avx2" => path != "avx512",
        _ => path == "scalar",
    };
}
