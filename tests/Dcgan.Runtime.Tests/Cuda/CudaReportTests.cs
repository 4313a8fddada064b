using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>What doctor counts as a problem, from made-up findings, and the real report on a machine without a driver.</summary>
public class CudaReportTests
{
    private static LibraryLoadResult Missing(CudaLibrary library)
    {
        using var tree = new FakeLibraryTree();
        return LibraryLoadResult.NotFound(LibrarySearch.Find(library, tree.Environment()));
    }

    private static LibraryLoadResult Loaded(CudaLibrary library) =>
        LibraryLoadResult.Loaded(new LibrarySearchResult(library, null, [], [], "DCGAN_CUDA_LIBS"), 1, library.Files[0].Name, []);

    private static LibraryReport Fine(CudaLibrary library) => new(library, Loaded(library), "12.6", null, []);

    [Fact]
    public void Without_a_driver_the_driver_is_the_problem_and_the_GPU_is_not_counted_again()
    {
        var driver = Missing(CudaLibrary.Driver);
        var gpu = new GpuProbe(driver, null, [], driver.Describe());
        var report = new CudaReport(gpu, [new(CudaLibrary.Driver, driver, null, driver.Describe(), []), Fine(CudaLibrary.Nvrtc), Fine(CudaLibrary.Cublas), Fine(CudaLibrary.Cudnn)], []);

        Assert.False(report.Ready);
        Assert.Equal([new CudaProblem("CUDA driver", driver.Describe())], report.Problems);
    }

    [Fact]
    public void A_driver_that_loads_but_sees_no_GPU_and_a_failed_check_are_each_one_problem()
    {
        var gpu = new GpuProbe(Loaded(CudaLibrary.Driver), 12060, [], "cuInit failed with CUDA_ERROR_NO_DEVICE (100): no CUDA-capable device is detected");
        var cudnn = new LibraryReport(CudaLibrary.Cudnn, Missing(CudaLibrary.Cudnn), null, "libcudnn.so.9 not found; looked in ...", []);
        var report = new CudaReport(gpu, [Fine(CudaLibrary.Driver), Fine(CudaLibrary.Nvrtc), Fine(CudaLibrary.Cublas), cudnn],
            [new GpuSmokeTest.Step("cuBLAS SGEMM", "wrong result: element 0 is 0, expected 58"), new GpuSmokeTest.Step("cuDNN convolution", null)]);

        Assert.Equal(
        [
            "GPU: cuInit failed with CUDA_ERROR_NO_DEVICE (100): no CUDA-capable device is detected",
            "cuDNN 9: libcudnn.so.9 not found; looked in ...",
            "cuBLAS SGEMM: wrong result: element 0 is 0, expected 58",
        ], report.Problems.Select(problem => problem.ToString()));
    }

    [Fact]
    public void Everything_found_and_every_check_passed_is_ready()
    {
        var device = new GpuDevice(0, "Test GPU", 9, 0, 132, 80UL << 30);
        var report = new CudaReport(new GpuProbe(Loaded(CudaLibrary.Driver), 12060, [device], null),
            CudaLibrary.All.Select(Fine).ToList(), [new GpuSmokeTest.Step("context and stream", null)]);

        Assert.True(report.Ready);
        Assert.Equal("Test GPU: compute capability 9.0, 132 SMs, 80.0 GiB, driver for CUDA 12.6", report.Gpu.Describe());
    }

    [NoCudaDriverFact]
    public void On_this_machine_the_report_names_the_missing_driver_and_runs_no_GPU_checks()
    {
        var report = CudaDoctor.Examine();

        Assert.False(report.Ready);
        Assert.Equal("CUDA driver", report.Problems[0].Subject);
        Assert.StartsWith("libcuda.so.1 not found; looked in ", report.Problems[0].Detail);
        Assert.DoesNotContain(report.Problems, problem => problem.Subject == "GPU");
        Assert.Empty(report.Checks);
        Assert.Equal(CudaLibrary.All, report.Libraries.Select(library => library.Library));
        Assert.All(report.Libraries.Where(library => !library.Load.IsLoaded), library => Assert.Equal(library.Load.Describe(), library.Problem));
    }
}
