using System.CommandLine;
using Dcgan.Runtime.Cuda;

namespace Dcgan.App.Commands;

/// <summary><c>--gpu-mode speed|parity</c> of <c>train</c> and <c>bench</c>: how a step runs on a GPU (see <see cref="GpuMode"/>).</summary>
public static class GpuModeOption
{
    public static Option<string?> Create() => new("--gpu-mode")
    {
        Description = "On a GPU: speed (default: TF32 in cuBLAS and cuDNN, each convolution's algorithm measured by cuDNN at start-up) "
            + "or parity (FP32, deterministic algorithms, as dcgan-cli parity runs); ignored with --device cpu",
    };

    /// <summary>The mode <paramref name="value"/> names (<paramref name="fallback"/> when not given); one line and exit 2 for anything else.</summary>
    public static GpuMode Resolve(string? value, GpuMode fallback = GpuMode.Speed)
    {
        if (value is null) return fallback;
        return GpuModes.Parse(value) ?? throw new UsageException($"--gpu-mode {value}: unknown mode; use {GpuModes.Names}");
    }
}
