using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Dcgan.Runtime;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// A model's generated CUDA source compiled as C++ by g++ against cuda_shim.h, with one wrapper per kernel,
/// <c>run_NAME(grid, block, args)</c>, that takes its arguments as cuLaunchKernel does (an array of pointers to
/// each argument's value) and runs the entry point as that launch on CPU threads. Libraries are cached in the
/// temporary directory by a hash of everything compiled, so only a changed source is compiled again.
/// </summary>
internal sealed unsafe class ShimLibrary
{
    // Launches share the shim's statics (__shared__ arrays, the block barrier): one at a time per process.
    private static readonly Lock s_launch = new();

    // -ffp-contract=off is NVRTC's --fmad=false (CudaKernelSpec.CompileOptions): no fused multiply-adds.
    private const string Flags = "-std=c++20 -O1 -ffp-contract=off -shared -fPIC -pthread -Wall -Werror";

    private readonly nint _handle;
    private readonly Dictionary<string, nint> _entries = new();

    private ShimLibrary(nint handle) => _handle = handle;

    /// <summary>The thread model shared with the CUDA stand-in (block_fibers.h), then cuda_shim.h.</summary>
    public static string ShimHeader => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CudaKernels", "block_fibers.h")) + "\n"
        + File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CudaKernels", "cuda_shim.h"));

    public static bool CompilerPresent => FindOnPath("g++") is not null;

    /// <summary>Compiles (or finds in the cache) and loads <paramref name="cudaSource"/> with wrappers for <paramref name="kernels"/>.</summary>
    public static ShimLibrary Build(string cudaSource, IEnumerable<CudaKernelSpec> kernels) =>
        Build(cudaSource, kernels.Select(k => (k.Name, k.Parameters)));

    /// <summary>The same for entry points given by name and C parameters.</summary>
    public static ShimLibrary Build(string cudaSource, IEnumerable<(string Name, IReadOnlyList<KernelParameter> Parameters)> entries)
    {
        string source = ShimHeader + "\n" + cudaSource + "\n// ===== launch wrappers (ShimLibrary) =====\n" + string.Concat(entries.Select(e => Wrapper(e.Name, e.Parameters)));
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Flags + "\n" + source)))[..24].ToLowerInvariant();
        string directory = Path.Combine(Path.GetTempPath(), "dcgan-cuda-shim");
        Directory.CreateDirectory(directory);
        string library = Path.Combine(directory, hash + ".so");
        if (!File.Exists(library))
        {
            string temporary = Path.Combine(directory, $"{hash}.{Environment.ProcessId}.{Guid.NewGuid():N}");
            File.WriteAllText(temporary + ".cpp", source);
            try
            {
                Compile(temporary + ".cpp", temporary + ".so");
                File.Move(temporary + ".so", library, overwrite: true);
                // Kept when g++ fails: the error names it.
                File.Delete(temporary + ".cpp");
            }
            finally
            {
                File.Delete(temporary + ".so");
            }
        }
        return new ShimLibrary(NativeLibrary.Load(library));
    }

    /// <summary>
    /// Runs entry point <paramref name="kernel"/> as a launch of <paramref name="grid"/> blocks of <paramref name="block"/>
    /// threads. Each of its C <paramref name="parameters"/> is looked up by name in <paramref name="arguments"/>: a
    /// <see cref="Twin"/> (its GPU copy is passed) for a pointer, else an int, float or ulong matching the parameter's type.
    /// </summary>
    public void Launch(string kernel, IReadOnlyList<KernelParameter> parameters, int grid, int block, IReadOnlyDictionary<string, object> arguments)
    {
        var slots = new ulong[parameters.Count];
        var pointers = new nint[parameters.Count];
        fixed (ulong* slot = slots)
        fixed (nint* argv = pointers)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var parameter = parameters[i];
                if (!arguments.TryGetValue(parameter.Name, out var value))
                    throw new InvalidOperationException($"{kernel}: the test has no argument for parameter '{parameter}'");
                switch (value)
                {
                    case Twin twin when parameter.IsPointer:
                        slot[i] = (ulong)twin.Gpu;
                        break;
                    case nint address when parameter.IsPointer:
                        slot[i] = (ulong)address;
                        break;
                    case int number when parameter.Type == KernelParameterType.Int:
                        *(int*)&slot[i] = number;
                        break;
                    case float number when parameter.Type == KernelParameterType.Float:
                        *(float*)&slot[i] = number;
                        break;
                    case ulong number when parameter.Type == KernelParameterType.UInt64:
                        slot[i] = number;
                        break;
                    default:
                        throw new InvalidOperationException($"{kernel}: parameter '{parameter}' cannot take a {value.GetType().Name}");
                }
                argv[i] = (nint)(slot + i);
            }
            var run = (delegate* unmanaged<int, int, void**, void>)Entry(kernel);
            lock (s_launch) run(grid, block, (void**)argv);
        }
    }

    private nint Entry(string kernel)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(kernel, out var entry))
                _entries[kernel] = entry = NativeLibrary.GetExport(_handle, "run_" + kernel);
            return entry;
        }
    }

    private static string Wrapper(string kernel, IReadOnlyList<KernelParameter> parameters)
    {
        var text = new StringBuilder();
        text.Append($"extern \"C\" void run_{kernel}(int grid, int block, void** args)\n{{\n");
        for (int i = 0; i < parameters.Count; i++)
            text.Append($"    {parameters[i].CType} a{i} = *({parameters[i].CType}*)args[{i}];\n");
        string call = string.Join(", ", Enumerable.Range(0, parameters.Count).Select(i => $"a{i}"));
        text.Append($"    shim_launch(grid, block, [=] {{ {kernel}({call}); }});\n}}\n");
        return text.ToString();
    }

    private static void Compile(string source, string library)
    {
        var start = new ProcessStartInfo("g++") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var flag in Flags.Split(' ')) start.ArgumentList.Add(flag);
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(library);
        start.ArgumentList.Add(source);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"g++ could not compile the kernel source ({source}):\n{errors.Result}");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
