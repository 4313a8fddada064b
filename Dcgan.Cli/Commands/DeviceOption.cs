using System.CommandLine;

namespace Dcgan.Cli.Commands;

/// <summary><c>--device auto|cpu|cuda</c>. This build runs on the CPU; cuda is refused with a clear line rather than silently ignored.</summary>
public static class DeviceOption
{
    public static Option<string> Create() => new("--device")
    {
        Description = "Where to run: auto, cpu or cuda",
        DefaultValueFactory = _ => "auto",
    };

    public static string Resolve(string? value) => value switch
    {
        "cpu" or "auto" or null => "cpu",
        "cuda" => throw new UsageException("--device cuda: this build has no CUDA backend yet; use --device cpu"),
        _ => throw new UsageException($"--device {value}: unknown device; use auto, cpu or cuda"),
    };
}
