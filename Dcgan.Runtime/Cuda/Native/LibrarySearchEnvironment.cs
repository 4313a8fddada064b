using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cuda.Native;

/// <summary>
/// Everything the library search reads besides the file system, so that the search is a pure function of
/// this and the files present: tests run it over temporary trees (with <see cref="Root"/> standing in for /).
/// </summary>
public sealed record LibrarySearchEnvironment
{
    /// <summary>The variable holding the explicit setting: directories separated by ':'.</summary>
    public const string ExplicitVariable = "DCGAN_CUDA_LIBS";

    /// <summary>Directories searched before any other (':'-separated), or null.</summary>
    public string? ExplicitDirectories { get; init; }

    /// <summary>Where <see cref="ExplicitDirectories"/> came from, for messages: the variable or a flag such as --cuda-libs.</summary>
    public string ExplicitSource { get; init; } = ExplicitVariable;

    public string? LdLibraryPath { get; init; }

    public string? VirtualEnv { get; init; }

    public string? CondaPrefix { get; init; }

    public string? Home { get; init; }

    /// <summary>The directory the system paths (/usr/local/cuda, /usr/lib/...) are taken under: "/" but in tests.</summary>
    public string Root { get; init; } = "/";

    /// <summary>The toolkit's target directory name (targets/x86_64-linux) for this processor.</summary>
    public string ToolkitTarget { get; init; } = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "sbsa-linux" : "x86_64-linux";

    /// <summary>Debian's multiarch directory (/usr/lib/x86_64-linux-gnu) for this processor.</summary>
    public string Multiarch { get; init; } = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";

    /// <summary>
    /// This process's environment; <paramref name="explicitDirectories"/> (from <paramref name="source"/>, a
    /// command-line flag) replaces DCGAN_CUDA_LIBS when given.
    /// </summary>
    public static LibrarySearchEnvironment FromProcess(string? explicitDirectories = null, string? source = null) => new()
    {
        ExplicitDirectories = explicitDirectories ?? Environment.GetEnvironmentVariable(ExplicitVariable),
        ExplicitSource = explicitDirectories is not null && source is not null ? source : ExplicitVariable,
        LdLibraryPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"),
        VirtualEnv = Environment.GetEnvironmentVariable("VIRTUAL_ENV"),
        CondaPrefix = Environment.GetEnvironmentVariable("CONDA_PREFIX"),
        Home = Environment.GetEnvironmentVariable("HOME"),
    };
}
