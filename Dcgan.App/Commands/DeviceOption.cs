using System.CommandLine;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.App.Commands;

/// <summary>Where a run goes, and the line that says why when it was not asked for by name.</summary>
public sealed record DeviceChoice(string Device, string? Note);

/// <summary>
/// <c>--device auto|cpu|cuda|cuda:N</c> and <c>--cuda-libs DIR[:DIR]</c>. <c>cuda</c> is GPU 0; a GPU that is asked for
/// by name and is not usable is refused (exit 2) saying why; <c>auto</c> takes GPU 0 when the driver finds one, else
/// the CPU, and says in one line why.
/// </summary>
public static class DeviceOption
{
    public const string CudaLibsFlag = "--cuda-libs";

    public static Option<string> Create() => new("--device")
    {
        Description = "Where to run: auto, cpu, cuda or cuda:N (a GPU by its ordinal)",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<string?> CreateCudaLibs() => new(CudaLibsFlag)
    {
        Description = $"Directories searched first for the CUDA libraries, ':'-separated (default: ${LibrarySearchEnvironment.ExplicitVariable})",
    };

    /// <summary>Resolves <paramref name="device"/>, after setting the libraries' explicit search path from <paramref name="cudaLibs"/>.</summary>
    public static DeviceChoice Resolve(string? device, string? cudaLibs)
    {
        int? ordinal = Dcgan.Runtime.GanDevices.CudaOrdinal(device);
        UsageException.Require(device is null or "auto" or "cpu" || ordinal is not null, $"--device {device}: unknown device; use auto, cpu, cuda or cuda:N");
        CudaLibraries.SetSearchPath(cudaLibs, CudaLibsFlag);
        if (device == "cpu") return new DeviceChoice("cpu", null);
        var probe = GpuProbe.Run();
        if (ordinal is { } asked)
        {
            if (!probe.Usable)
                throw new UsageException($"--device {device}: no usable GPU ({probe.Describe()}); use --device cpu (dcgan-cli doctor checks a GPU setup)");
            if (asked >= probe.Devices.Count)
                throw new UsageException($"--device {device}: this machine has {probe.Devices.Count} GPU{(probe.Devices.Count == 1 ? "" : "s")} (cuda:0{(probe.Devices.Count > 1 ? $" to cuda:{probe.Devices.Count - 1}" : "")})");
            return new DeviceChoice($"cuda:{asked}", null);
        }
        return probe.Usable
            ? new DeviceChoice("cuda:0", $"--device auto: running on cuda:0 ({probe.Devices[0].Name})")
            : new DeviceChoice("cpu", $"--device auto: running on the CPU: no usable GPU ({probe.BriefProblem})");
    }
}
