using System.CommandLine;
using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Cli.Commands;

/// <summary>
/// <c>dcgan-cli doctor</c>: what a GPU run would use: the driver and its GPUs, NVRTC, cuBLAS and cuDNN (where each
/// was found and its version; or every directory it was looked for in; or the file the loader refused and the
/// loader's error), then checks run on the GPU. Exit 0 when everything a GPU run needs works, else 1 with one line
/// on stderr naming what does not.
/// </summary>
public static class DoctorCommand
{
    private const int LabelWidth = 13;

    public static Command Create()
    {
        var cudaLibs = DeviceOption.CreateCudaLibs();
        var command = new Command("doctor", "Check the GPU, the CUDA driver, NVRTC, cuBLAS and cuDNN that a GPU run would use") { cudaLibs };
        command.SetAction(parse =>
        {
            CudaLibraries.SetSearchPath(parse.GetValue(cudaLibs), DeviceOption.CudaLibsFlag);
            var report = CudaDoctor.Examine();
            Print(report);
            if (!report.Ready)
                throw new DcganException($"doctor: not ready for a GPU run: {string.Join(", ", report.Problems.Select(problem => problem.Subject))} (details above)");
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
