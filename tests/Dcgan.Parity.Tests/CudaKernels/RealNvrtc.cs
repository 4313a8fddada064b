using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// A real NVRTC for this test process, through the project's own binding: a CUDA toolkit's or a wheel's libnvrtc.so.12
/// or .13 where the library search finds one, else Debian's (package libnvrtc11.2, in non-free: NVRTC 11.8 under its
/// CUDA 11.2 soname, for sm_80 and sm_90). The search looks only for the sonames GPU machines have, so Debian's is shown
/// to it as libnvrtc.so.12 by a link in a directory of this test's, set as the explicit search path of this process.
/// </summary>
internal static class RealNvrtc
{
    private const string Debian = "/usr/lib/x86_64-linux-gnu/libnvrtc.so.11.2";

    /// <summary>Why no real NVRTC can be used here, or null when one is loaded.</summary>
    public static readonly string? Problem = Load();

    private static string? Load()
    {
        if (CudaLibraries.Load(CudaLibrary.Nvrtc).IsLoaded) return null;
        if (!File.Exists(Debian))
            return $"no NVRTC here: neither CUDA's {CudaLibrary.Nvrtc.FileNames} nor Debian's {Debian} (apt-get install libnvrtc11.2, from non-free; .ci/run does)";
        string directory = Directory.CreateTempSubdirectory("dcgan-nvrtc-").FullName;
        File.CreateSymbolicLink(Path.Combine(directory, "libnvrtc.so.12"), Debian);
        CudaLibraries.SetSearchPath(directory, "the NVRTC test's link to Debian's NVRTC");
        var result = CudaLibraries.Load(CudaLibrary.Nvrtc);
        return result.IsLoaded ? null : $"Debian's NVRTC did not load: {new CudaUnavailableException(result).Message}";
    }
}

public sealed class NvrtcFactAttribute : FactAttribute
{
    public NvrtcFactAttribute()
    {
        if (RealNvrtc.Problem is { } problem) Skip = problem;
    }
}

public sealed class NvrtcTheoryAttribute : TheoryAttribute
{
    public NvrtcTheoryAttribute()
    {
        if (RealNvrtc.Problem is { } problem) Skip = problem;
    }
}
