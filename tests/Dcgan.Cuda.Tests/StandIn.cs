using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

// The stand-in's state (its allocations, a capture in progress) is one per process: tests take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Dcgan.Cuda.Tests;

/// <summary>
/// The CPU stand-in of the CUDA libraries (tests/cuda-standin), built once per process by its build.sh into the
/// temporary directory (keyed by a hash of its sources, so an unchanged stand-in is not rebuilt), and made the
/// search path of this process's CUDA bindings before any of them is used. Only this process loads it.
/// </summary>
internal static class StandIn
{
    private static readonly Lazy<(string? Directory, string? Skip)> s_built = new(Build);
    private static readonly Lazy<PrimaryContext> s_context = new(() =>
    {
        CudaDriver.Check(CudaDriver.cuInit(0));
        return PrimaryContext.Retain(0);
    });

    /// <summary>Skips the calling test when the stand-in cannot be built here (no g++); throws when its build fails.</summary>
    public static string Require()
    {
        var (directory, skip) = s_built.Value;
        Skip.If(skip is not null, skip);
        return directory!;
    }

    /// <summary>The device's primary context, on the stand-in.</summary>
    public static PrimaryContext Context
    {
        get
        {
            Require();
            return s_context.Value;
        }
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Dcgan.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException($"Dcgan.sln not found above {AppContext.BaseDirectory}");
        }
    }

    private static (string?, string?) Build()
    {
        if (OnPath("g++") is null) return (null, "g++ is not on PATH, so the CUDA stand-in cannot be built");
        if (OnPath("bash") is null) return (null, "bash is not on PATH, so the CUDA stand-in's build.sh cannot run");
        string sources = Path.Combine(RepositoryRoot, "tests", "cuda-standin");
        string directory = Path.Combine(Path.GetTempPath(), "dcgan-cuda-standin", SourceHash(sources));
        if (!File.Exists(Path.Combine(directory, "complete")))
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(sources, "build.sh"));
            start.ArgumentList.Add(directory);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"tests/cuda-standin/build.sh failed ({process.ExitCode}):\n{output}\n{errors.Result}");
            File.WriteAllText(Path.Combine(directory, "complete"), "");
        }
        CudaLibraries.SetSearchPath(directory, "the CUDA stand-in Dcgan.Cuda.Tests built");
        // Modules the stand-in's NVRTC makes are kept beside it, not in the user's cache (in-process runs and children alike).
        Environment.SetEnvironmentVariable(KernelCache.EnvironmentVariable, KernelCacheDirectory(directory));
        return (directory, null);
    }

    /// <summary>The environment a dcgan-cli child process needs to load <paramref name="standIn"/> as a user would: its directory and its module cache.</summary>
    public static Dictionary<string, string?> ChildEnvironment(string standIn) => new()
    {
        [LibrarySearchEnvironment.ExplicitVariable] = standIn,
        [KernelCache.EnvironmentVariable] = KernelCacheDirectory(standIn),
    };

    /// <summary>Where the stand-in's modules are cached: beside the stand-in that made them.</summary>
    public static string KernelCacheDirectory(string standIn) => Path.Combine(standIn, "kernel-cache");

    private static string SourceHash(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    /// <summary>Compiles <paramref name="source"/> with the stand-in NVRTC for sm_90 and loads it as a module.</summary>
    public static CudaModule CompileModule(string source, string name = "test.cu")
    {
        using var program = NvrtcProgram.Create(source, name);
        return CudaModule.Load(Context, program.CompileToCubin(90, [.. CudaKernelOptions]));
    }

    private static readonly string[] CudaKernelOptions = ["--fmad=false"];
}
