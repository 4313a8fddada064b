using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>The bindings and their owners on a real GPU; skipped, saying why, where there is none.</summary>
public class GpuTests
{
    private static GpuDevice FirstGpu()
    {
        var probe = GpuProbe.Run();
        Assert.True(probe.Usable, probe.Problem);
        return probe.Devices[0];
    }

    [GpuFact]
    public void The_probe_reads_the_driver_version_and_each_GPUs_name_capability_SMs_and_memory()
    {
        var probe = GpuProbe.Run();
        Assert.True(probe.Usable, probe.Problem);
        Assert.True(probe.DriverVersion >= 12000, $"driver for CUDA {probe.DriverVersion}");
        Assert.All(probe.Devices, device =>
        {
            Assert.False(string.IsNullOrWhiteSpace(device.Name));
            Assert.InRange(device.Major, 5, 20);
            Assert.InRange(device.Multiprocessors, 1, 10_000);
            Assert.True(device.TotalBytes > 1UL << 30);
        });
    }

    [GpuFact]
    public void Every_smoke_test_step_passes()
    {
        var steps = GpuSmokeTest.Run(FirstGpu());
        Assert.Equal(4, steps.Count);
        Assert.All(steps, step => Assert.True(step.Problem is null, $"{step.Name}: {step.Problem}"));
    }

    [GpuFact]
    public void The_doctors_report_is_ready_with_every_library_versioned()
    {
        var report = CudaDoctor.Examine();
        Assert.True(report.Ready, string.Join("; ", report.Problems.Select(problem => problem.ToString())));
        Assert.All(report.Libraries, library => Assert.NotNull(library.Version));
    }

    [GpuFact]
    public void Device_memory_round_trips_and_is_freed_once()
    {
        using var context = PrimaryContext.Retain(FirstGpu().Ordinal);
        using var stream = CudaStream.Create(context);
        var (free, total) = context.MemoryInfo();
        Assert.InRange(free, 1UL, total);
        var buffer = DeviceBuffer.Allocate(context, 1000 * sizeof(float));
        var values = Enumerable.Range(0, 1000).Select(i => i * 0.5f).ToArray();
        buffer.Upload<float>(values, stream);
        var back = new float[1000];
        buffer.Download<float>(back, stream);
        Assert.Equal(values, back);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Upload<float>(new float[1001], stream));

        buffer.Dispose();
        buffer.Dispose();
        Assert.False(buffer.IsLive);
        Assert.Throws<ObjectDisposedException>(() => buffer.Download<float>(back, stream));
    }

    [GpuFact]
    public void A_kernel_that_does_not_compile_fails_with_NVRTCs_log()
    {
        var device = FirstGpu();
        CudaLibraries.Require(CudaLibrary.Nvrtc);
        using var program = NvrtcProgram.Create("extern \"C\" __global__ void broken(float* x) { x[0] = undefined_name; }", "broken.cu");
        var error = Assert.Throws<CudaException>(() => program.CompileToCubin(device.Architecture));
        Assert.StartsWith("nvrtcCompileProgram failed with NVRTC_ERROR_COMPILATION (6): ", error.Message);
        Assert.Contains("undefined_name", error.Message);
    }

    [GpuFact]
    public void CuDNN_descriptors_take_shapes_and_refuse_impossible_ones_naming_the_call()
    {
        CudaLibraries.Require(CudaLibrary.Cudnn);
        using (CudnnTensorDescriptor.Create(8, 3, 28, 28))
        using (CudnnFilterDescriptor.Create(16, 3, 5, 5))
        using (CudnnConvolutionDescriptor.Create(2, 2, 1, 1))
        {
        }
        var error = Assert.Throws<CudaException>(() => CudnnTensorDescriptor.Create(-1, 3, 28, 28));
        Assert.StartsWith("cudnnSetTensor4dDescriptor failed with CUDNN_STATUS_BAD_PARAM", error.Message);
    }
}
