using System.Globalization;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// Examines what a CUDA run would use: the driver and its GPUs, NVRTC, cuBLAS and cuDNN (where each was found and
/// its version, or why not), and, when all of them load and a GPU is there, <see cref="GpuSmokeTest"/> on GPU 0.
/// Never throws for a missing or broken piece: each becomes a line of the report.
/// </summary>
public static class CudaDoctor
{
    public static CudaReport Examine()
    {
        var gpu = GpuProbe.Run();
        int? driverMajor = gpu.DriverVersion is int version ? CudaVersion.Major(version) : null;
        var libraries = new List<LibraryReport>
        {
            new(CudaLibrary.Driver, gpu.Driver, gpu.DriverVersion is int v ? CudaVersion.Format(v) : null,
                gpu.Driver.IsLoaded ? null : gpu.Driver.Describe(), []),
            // NVRTC before cuDNN: cuDNN's runtime-compiled engines open NVRTC by soname, and find it loaded.
            Examine(CudaLibrary.Nvrtc, driverMajor, NvrtcVersion),
            Examine(CudaLibrary.Cublas, driverMajor, CublasVersion),
            Examine(CudaLibrary.Cudnn, driverMajor, CudnnVersion),
        };
        var checks = gpu.Usable && libraries.All(library => library.Problem is null) ? GpuSmokeTest.Run(gpu.Devices[0]) : [];
        return new CudaReport(gpu, libraries, checks);
    }

    /// <summary>A library's version, and the CUDA major release it was built for (null when it does not say).</summary>
    private delegate (string Version, int? CudaMajor) VersionReader();

    private static LibraryReport Examine(CudaLibrary library, int? driverMajor, VersionReader read)
    {
        var load = CudaLibraries.Load(library);
        if (!load.IsLoaded) return new LibraryReport(library, load, null, load.Describe(), []);
        var notes = load.SiblingProblems.Select(problem => $"did not preload {problem}").ToList();
        try
        {
            var (version, cudaMajor) = read();
            if (cudaMajor > driverMajor)
                notes.Add($"built for CUDA {cudaMajor}, newer than the driver's CUDA {driverMajor}: it needs a newer driver");
            return new LibraryReport(library, load, version, null, notes);
        }
        catch (DcganException e)
        {
            return new LibraryReport(library, load, null, e.Message, notes);
        }
    }

    private static (string, int?) NvrtcVersion()
    {
        var (major, minor) = NvrtcProgram.Version();
        return (string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}"), major);
    }

    private static unsafe (string, int?) CublasVersion()
    {
        int major, minor, patch;
        Cublas.Check(Cublas.cublasGetProperty(LibraryPropertyType.MajorVersion, &major));
        Cublas.Check(Cublas.cublasGetProperty(LibraryPropertyType.MinorVersion, &minor));
        Cublas.Check(Cublas.cublasGetProperty(LibraryPropertyType.PatchLevel, &patch));
        // cuBLAS's major release is CUDA's (cuBLAS 12 ships with CUDA 12).
        return (string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}.{patch}"), major);
    }

    /// <summary>cudnnGetVersion is 10000 * major + 100 * minor + patch in cuDNN 9; cudnnGetCudartVersion the CUDA it was built for.</summary>
    private static (string, int?) CudnnVersion()
    {
        ulong version = Cudnn.cudnnGetVersion(), cudart = Cudnn.cudnnGetCudartVersion();
        return (string.Create(CultureInfo.InvariantCulture, $"{version / 10000}.{version / 100 % 100}.{version % 100}, built for CUDA {CudaVersion.Format((int)cudart)}"),
            CudaVersion.Major((int)cudart));
    }
}
