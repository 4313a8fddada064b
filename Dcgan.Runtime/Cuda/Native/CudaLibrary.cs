using System.Text.RegularExpressions;

namespace Dcgan.Runtime.Cuda.Native;

/// <summary>
/// One file that can provide a library: its name, the files that must sit beside it for it to load (cuBLAS
/// needs its own cuBLASLt), and the siblings it opens later by bare name (cuDNN 9's sub-libraries, NVRTC's
/// builtins), which are preloaded by full path so that those later opens find them already loaded.
/// </summary>
public sealed class LibraryFile(string name, IReadOnlyList<string> requires, string? siblingPattern = null, IReadOnlyList<string>? siblingsFirst = null)
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Requires { get; } = requires;

    /// <summary>Siblings preloaded when present, matched whole; null: none.</summary>
    public Regex? Siblings { get; } = siblingPattern is null ? null : new Regex(siblingPattern, RegexOptions.CultureInvariant);

    /// <summary>Siblings others depend on, preloaded before the rest (the rest in ordinal order).</summary>
    public IReadOnlyList<string> SiblingsFirst { get; } = siblingsFirst ?? [];

    /// <summary>The order a sibling is preloaded in: its place in <see cref="SiblingsFirst"/>, else after all of those.</summary>
    public int SiblingRank(string name)
    {
        for (int i = 0; i < SiblingsFirst.Count; i++)
            if (SiblingsFirst[i] == name) return i;
        return SiblingsFirst.Count;
    }
}

/// <summary>
/// A native library the CUDA backend binds: the name its <c>[LibraryImport]</c>s use (resolved by
/// <see cref="CudaLibraries"/>, never by the runtime's own probing), and the files that provide it, best first.
/// </summary>
public sealed class CudaLibrary
{
    private CudaLibrary(string importName, string title, IReadOnlyList<LibraryFile> files, bool inPythonWheels, bool inToolkit)
    {
        ImportName = importName;
        Title = title;
        Files = files;
        InPythonWheels = inPythonWheels;
        InToolkit = inToolkit;
    }

    /// <summary>The driver API. Only the driver installs it, never a toolkit or a wheel (the toolkit's libcuda.so is a link-time stub).</summary>
    public static readonly CudaLibrary Driver = new("libcuda", "CUDA driver", [new("libcuda.so.1", [])], inPythonWheels: false, inToolkit: false);

    /// <summary>NVRTC opens its builtins (libnvrtc-builtins.so.MAJOR.MINOR) by name when it first compiles.</summary>
    public static readonly CudaLibrary Nvrtc = new("libnvrtc", "NVRTC",
        [new("libnvrtc.so.13", [], @"^libnvrtc-builtins\.so\.13\.\d+$"), new("libnvrtc.so.12", [], @"^libnvrtc-builtins\.so\.12\.\d+$")],
        inPythonWheels: true, inToolkit: true);

    /// <summary>libcublas links against the cuBLASLt of its own release, by soname.</summary>
    public static readonly CudaLibrary Cublas = new("libcublas", "cuBLAS",
        [new("libcublas.so.13", ["libcublasLt.so.13"]), new("libcublas.so.12", ["libcublasLt.so.12"])],
        inPythonWheels: true, inToolkit: true);

    /// <summary>
    /// cuDNN 9's libcudnn.so.9 is a shim that opens libcudnn_graph/ops/cnn/adv/engines_*/heuristic.so.9 by
    /// soname; ops, cnn and adv link against graph (and cnn, adv against ops), so those go first.
    /// </summary>
    public static readonly CudaLibrary Cudnn = new("libcudnn", "cuDNN 9",
        [new("libcudnn.so.9", [], @"^libcudnn_[a-z_]+\.so\.9$", ["libcudnn_graph.so.9", "libcudnn_ops.so.9"])],
        inPythonWheels: true, inToolkit: true);

    public static IReadOnlyList<CudaLibrary> All { get; } = [Driver, Nvrtc, Cublas, Cudnn];

    public string ImportName { get; }

    public string Title { get; }

    public IReadOnlyList<LibraryFile> Files { get; }

    /// <summary>Whether PyTorch's pip wheels carry it (site-packages/nvidia/*/lib).</summary>
    public bool InPythonWheels { get; }

    /// <summary>Whether a CUDA toolkit installs it (/usr/local/cuda*/...).</summary>
    public bool InToolkit { get; }

    /// <summary>"libnvrtc.so.13 or libnvrtc.so.12", for messages.</summary>
    public string FileNames => string.Join(" or ", Files.Select(file => file.Name));

    public static CudaLibrary? ByImportName(string name) => All.FirstOrDefault(library => library.ImportName == name);

    public override string ToString() => $"{Title} ({FileNames})";
}
