using System.Text.Json;
using System.Text.Json.Nodes;
using Dcgan.Cli.Tests;
using Dcgan.Models;
using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;
using Dcgan.Runtime.Data;
using Dcgan.Tests.Shared;
using Xunit.Abstractions;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// What a GPU run tells of its mode: config.json records the mode and each convolution's algorithm (and a resumed run
/// still reads a config.json from before the modes), and <c>bench --device cuda</c> prints what a step launches.
/// </summary>
public sealed class GpuModeRecordTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-gpu-mode-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public void A_gpu_run_records_its_mode_and_each_convolutions_algorithm_in_config_json()
    {
        StandIn.Require();
        var model = GanZoo.Models.Single(m => m.Definition.Name == "fc_conv_mnist");
        var images = new byte[16 * 28 * 28];
        new Random(3).NextBytes(images);
        string run = Path.Combine(_root, "run");
        new Trainer(model, new TrainingOptions
        {
            RunDirectory = run, Dataset = "synthetic", Epochs = 1, BatchSize = 8, Seed = 9, MaxSteps = 1, LogEvery = 1, Device = "cuda:0",
        }, new Silent()).Run(images, 16);

        string path = Path.Combine(run, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        output.WriteLine(config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Assert.Equal("speed", (string?)config["gpu_mode"]);
        var convolutions = config["convolutions"]!.AsArray();
        Assert.NotEmpty(convolutions);
        foreach (var c in convolutions)
        {
            var routine = Enum.Parse<CudnnConvolutionRoutine>((string)c!["routine"]!);
            int number = (int)c["algorithm_number"]!;
            Assert.Equal(ConvolutionPlan.AlgorithmName(routine, number), (string?)c["algorithm"]);
            Assert.Equal("find", (string?)c["search"]);
            Assert.Equal(4, c["image"]!.AsArray().Count);
            Assert.Equal(4, c["filter"]!.AsArray().Count);
            Assert.Equal(8, (int)c["image"]![0]!);
            Assert.Equal(0UL, (ulong)c["workspace_bytes"]!);
        }
        Assert.Equal(GpuMode.Speed, RunConfig.Read(path).GpuMode);

        // A config.json written before the modes existed still reads: no mode recorded.
        config.Remove("gpu_mode");
        config.Remove("convolutions");
        Assert.Null(RunConfig.Parse("old config.json", JsonSerializer.SerializeToUtf8Bytes(config)).GpuMode);
        config["gpu_mode"] = "turbo";
        var bad = Assert.Throws<DcganException>(() => RunConfig.Parse("edited config.json", JsonSerializer.SerializeToUtf8Bytes(config)));
        Assert.Contains("gpu_mode", bad.Message);
    }

    [SkippableFact]
    public void Bench_on_the_gpu_prints_the_launches_of_a_step_with_each_kernels_grid_and_the_library_calls()
    {
        string standIn = StandIn.Require();
        var result = CliProcess.Run(["bench", "--model", "fc_conv_mnist", "--device", "cuda", "--batch-size", "4", "--steps", "1", "--warmup", "0"],
            StandIn.ChildEnvironment(standIn));
        output.WriteLine(result.Out);
        Assert.True(result.ExitCode == 0, $"bench exited {result.ExitCode}:\n{result.Out}\n{result.Error}");
        var lines = result.Out.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(["gpu", "mode", "speed"]));

        // What the step on host inputs (the one bench times) runs, counted from the model's device program.
        var definition = GanZoo.Models.Single(m => m.Definition.Name == "fc_conv_mnist").Definition;
        var program = definition.DeviceProgram;
        int launches = program.Count(op => op.Kind == DeviceOpKind.Launch);
        int gemms = program.Count(op => op.Kind == DeviceOpKind.Gemm);
        int cudnn = program.Count(op => op.Kind is DeviceOpKind.Convolution or DeviceOpKind.BatchNorm);
        Assert.Contains(lines, l => l.Contains($"launches/step {launches,8}  kernel launches; {gemms} cuBLAS calls, {cudnn} cuDNN calls"));
        var specs = definition.CudaKernels.ToDictionary(k => k.Name);
        foreach (var kernel in program.Where(op => op.Kind == DeviceOpKind.Launch).Select(op => op.Kernel).Distinct())
        {
            var row = lines.SingleOrDefault(l => l.TrimStart().StartsWith(kernel + " ", StringComparison.Ordinal));
            Assert.True(row is not null, $"no row for {kernel}");
            var fields = row!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var spec = specs[kernel];
            var (grid, block) = spec.LaunchShape(4);
            Assert.Equal(program.Count(op => op.Kind == DeviceOpKind.Launch && op.Kernel == kernel), int.Parse(fields[1]));
            // Grid-stride kernels' grids are capped by the GPU's size; the others launch exactly their shape.
            if (spec.Launch is CudaLaunch.SingleBlock or CudaLaunch.SingleThread) Assert.Equal(grid, int.Parse(fields[2]));
            else Assert.InRange(int.Parse(fields[2]), 1, grid);
            Assert.Equal(block, int.Parse(fields[3]));
            Assert.Equal(spec.Elements(4), long.Parse(fields[4]));
        }
    }
}
