using System.CommandLine;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Cli.Commands;

/// <summary>Where a run goes, and the line that says why when it was not asked for by name.</summary>
public sealed record DeviceChoice(string Device, string? Note);

/// <summary>
/// <c>--device auto|cpu|cuda|cuda:N</c> and <c>--cuda-libs DIR[:DIR]</c>. This build trains on the CPU only: <c>cuda</c> is
/// refused (exit 2) saying what a GPU run would find, and <c>auto</c> looks for a GPU (one dlopen and cuInit) only
/// to say, in one line, why it runs on the CPU.
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

    /// <summary>cuda:0, cuda:1, ...: a GPU by its ordinal.</summary>
    private static bool IsCudaOrdinal(string? device)
        => device is not null && device.StartsWith("cuda:", StringComparison.Ordinal)
           && int.TryParse(device.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>Resolves <paramref name="device"/>, after setting the libraries' explicit search path from <paramref name="cudaLibs"/>.</summary>
    public static DeviceChoice Resolve(string? device, string? cudaLibs)
    {
        UsageException.Require(device is null or "auto" or "cpu" or "cuda" || IsCudaOrdinal(device), $"--device {device}: unknown device; use auto, cpu, cuda or cuda:N");
        CudaLibraries.SetSearchPath(cudaLibs, CudaLibsFlag);
        if (device == "cpu") return new DeviceChoice("cpu", null);
        var probe = GpuProbe.Run();
        if (device != "auto")
            throw new UsageException(probe.Usable
                ? $"--device {device}: this build has no CUDA training step yet (it found {probe.Describe()}); use --device cpu"
                : $"--device {device}: no usable GPU ({probe.Describe()}), and this build has no CUDA training step yet; use --device cpu (dcgan-cli doctor checks a GPU setup)");
        return new DeviceChoice("cpu", probe.Usable
            ? $"--device auto: running on the CPU: this build has no CUDA training step yet (found {probe.Devices[0].Name})"
            : $"--device auto: running on the CPU: no usable GPU ({probe.BriefProblem})");
    }
}
