using Dcgan.Runtime.Cuda;

namespace Dcgan.Cuda.Tests;

/// <summary>What `dcgan-cli doctor` runs, on the stand-in: every library found and versioned, and GpuSmokeTest passing.</summary>
public sealed class DoctorTests
{
    [SkippableFact]
    public void Doctor_finds_every_library_in_the_stand_in_and_its_checks_pass()
    {
        string directory = StandIn.Require();
        var report = CudaDoctor.Examine();
        Assert.True(report.Ready, string.Join("\n", report.Problems));
        Assert.All(report.Libraries, library =>
        {
            Assert.NotNull(library.Version);
            Assert.StartsWith(directory, library.Load.LoadedFrom);
        });
        Assert.Equal("dcgan CPU stand-in", report.Gpu.Devices[0].Name);
        Assert.Equal(90, report.Gpu.Devices[0].Architecture);
        Assert.Equal(["context and stream", "NVRTC kernel and CUDA graph", "cuBLAS SGEMM", "cuDNN convolution"], report.Checks.Select(check => check.Name));
    }
}
