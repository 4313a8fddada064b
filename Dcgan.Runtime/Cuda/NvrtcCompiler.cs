using Dcgan.Runtime.Cuda.Native;
using System.Globalization;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// Generated kernel sources to GPU binaries: the request names everything that changes the binary (the source, the
/// options the generated kernels need, NVRTC's version, the GPU's architecture), so <see cref="KernelCache"/> can
/// keep the result; only a miss runs NVRTC.
/// </summary>
public static class NvrtcCompiler
{
    /// <summary>The request for <paramref name="source"/> on an sm_<paramref name="architecture"/> GPU with this NVRTC.</summary>
    public static KernelRequest Request(string source, int architecture)
    {
        var (major, minor) = NvrtcProgram.Version();
        // The file as well as the version: two NVRTCs of one version (a CUDA install and the tests' CPU stand-in) make different modules.
        string library = CudaLibraries.Load(CudaLibrary.Nvrtc).LoadedFrom ?? "";
        return new KernelRequest(source, CudaKernelSpec.CompileOptions, string.Create(CultureInfo.InvariantCulture, $"{major}.{minor} {library}"),
            string.Create(CultureInfo.InvariantCulture, $"sm_{architecture}"));
    }

    /// <summary>NVRTC itself (what <see cref="KernelCache"/> calls on a miss); a compile error carries the compiler's log.</summary>
    public static byte[] Compile(KernelRequest request)
    {
        if (!request.Architecture.StartsWith("sm_", StringComparison.Ordinal) || !int.TryParse(request.Architecture.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out int architecture))
            throw new ArgumentException($"not an NVRTC architecture: {request.Architecture}", nameof(request));
        using var program = NvrtcProgram.Create(request.Source, "dcgan_kernels.cu");
        return program.CompileToCubin(architecture, [.. request.Options]);
    }
}
