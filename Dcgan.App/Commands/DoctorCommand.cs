using System.CommandLine;
using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.App.Commands;

/// <summary>
/// <c>dcgan-cli doctor</c>: what a GPU run would use: the driver and its GPUs, NVRTC, cuBLAS and cuDNN (where each
/// was found and its version; or every directory it was looked for in; or the file the loader refused and the
/// loader's error), then checks run on the GPU, then what a run of <c>--model</c> at <c>--batch-size</c> would meet there:
/// whether its plan and MNIST fit in the GPU's free memory (and the largest batch that does), and whether NVRTC
/// compiles the CUDA source the generator wrote for it (written first, GPU or not, as DIR/NAME.cu when DCGAN_DUMP=DIR
/// is set). Exit 0 when everything a GPU run needs works, else 1 with one line on stderr naming what does not.
/// </summary>
public static class DoctorCommand
{
    private const int LabelWidth = 13;
    /// <summary>MNIST's training images: the dataset a GPU run keeps on the GPU as bytes.</summary>
    private const int MnistImages = 60_000;

    public static Command Create()
    {
        var cudaLibs = DeviceOption.CreateCudaLibs();
        var model = new Option<string>("--model") { Description = "The model whose memory plan and kernels to check on the GPU", DefaultValueFactory = _ => TrainCommand.DefaultModel };
        var batch = new Option<int?>("--batch-size") { Description = "The batch to check the GPU's memory for (default: the model's own)" };
        var command = new Command("doctor", "Check the GPU, the CUDA driver, NVRTC, cuBLAS and cuDNN that a GPU run would use") { cudaLibs, model, batch };
        command.SetAction(parse =>
        {
            var gan = ModelCatalog.Require(parse.GetValue(model)!);
            int batchSize = parse.GetValue(batch) ?? gan.Definition.DefaultBatch;
            UsageException.RequireIn(HyperparameterRanges.BatchSize, "--batch-size", batchSize);
            CudaLibraries.SetSearchPath(parse.GetValue(cudaLibs), DeviceOption.CudaLibsFlag);
            // DCGAN_DUMP: the model's CUDA source is written before anything is checked, so a machine without a GPU can dump it too.
            if (CudaSourceDump.Write(gan.Definition) is { } dumped) Line("dump", dumped);
            var report = CudaDoctor.Examine();
            Print(report);
            if (!report.Ready)
                throw new DcganException($"doctor: not ready for a GPU run: {string.Join(", ", report.Problems.Select(problem => problem.Subject))} (details above)");
            var device = report.Gpu.Devices[0];
            long mnistBytes = (long)MnistImages * gan.Definition.ImageSize;
            var modelChecks = GpuModelCheck.Run(device, gan.Definition, batchSize, mnistBytes, new KernelCache(KernelCache.DefaultDirectory(), NvrtcCompiler.Compile));
            foreach (var check in modelChecks) Line("model", check.Problem is null ? check.Name : $"{check.Name}: {check.Problem}");
            if (modelChecks.FirstOrDefault(check => check.Problem is not null) is { } failed)
                throw new DcganException($"doctor: {gan.Definition.Name} would not start on GPU {device.Ordinal}: {failed.Problem}");
            return CliRunner.Ok;
        });
        return command;
    }

    private static void Line(string label, string text) => Console.WriteLine($"{label,-LabelWidth}{text}");

    private static void Print(CudaReport report)
    {
        foreach (var library in report.Libraries)
        {
            PrintLibrary(library);
            if (library.Library == CudaLibrary.Driver && library.Load.IsLoaded)
            {
                if (report.Gpu.Problem is { } problem) Line("GPU", $"none usable: {problem}");
                foreach (var device in report.Gpu.Devices) Line($"GPU {device.Ordinal}", device.Describe());
            }
        }
        foreach (var check in report.Checks) Line("check", $"{check.Name}: {check.Problem ?? "ok"}");
        if (report.Ready) Console.WriteLine("Everything a GPU run needs works. (This build has no CUDA training step yet: train runs on the CPU.)");
    }

    /// <summary>A library's line; where it was not found, the directories searched follow, one group a line.</summary>
    private static void PrintLibrary(LibraryReport library)
    {
        var load = library.Load;
        if (load is { IsLoaded: false, FailedPath: null })
        {
            Line(library.Library.Title, $"{library.Library.FileNames} not found; looked in");
            foreach (var (why, directories) in load.Search.LookedGroups()) Line("", $"  {why}: {directories}");
            Line("", "  and by name through the system loader");
            foreach (string passedOver in load.Search.PassedOver) Line("", $"  passed over {passedOver}");
        }
        else if (!load.IsLoaded) Line(library.Library.Title, library.Problem!);
        else if (library.Problem is { } problem) Line(library.Library.Title, $"{load.Describe()}, but {problem}");
        else if (library.Library == CudaLibrary.Driver) Line(library.Library.Title, $"{load.Describe()}, a driver for CUDA {library.Version}");
        else Line(library.Library.Title, $"{load.Describe()}, version {library.Version}");
        foreach (string note in library.Notes) Line("", $"note: {note}");
    }
}
