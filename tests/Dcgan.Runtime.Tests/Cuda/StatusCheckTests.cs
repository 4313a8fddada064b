using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>How a failed status reads: the call, the status's number and name, and the library's own words.</summary>
public class StatusCheckTests
{
    private static string? NoFallback(int status) => null;

    [Fact]
    public void A_failure_names_the_call_the_status_and_the_librarys_description()
    {
        var error = StatusCheck.Failure("CUDA driver", "CudaDriver.cuMemAlloc_v2(&pointer, (nuint)bytes)", 2,
            status => new StatusText("CUDA_ERROR_OUT_OF_MEMORY", "out of memory"), NoFallback);

        Assert.Equal("cuMemAlloc_v2 failed with CUDA_ERROR_OUT_OF_MEMORY (2): out of memory", error.Message);
        Assert.IsAssignableFrom<DcganException>(error);
        Assert.Equal(("CUDA driver", "cuMemAlloc_v2", 2, "CUDA_ERROR_OUT_OF_MEMORY"), (error.Library, error.Call, error.Status, error.StatusName));
    }

    [Fact]
    public void A_description_that_only_repeats_the_name_is_not_repeated()
    {
        var error = StatusCheck.Failure("cuDNN", "Cudnn.cudnnConvolutionForward(handle, &one, x, ...)", 2000,
            status => new StatusText("CUDNN_STATUS_BAD_PARAM", "CUDNN_STATUS_BAD_PARAM"), NoFallback);

        Assert.Equal("cudnnConvolutionForward failed with CUDNN_STATUS_BAD_PARAM (2000)", error.Message);
    }

    [Fact]
    public void Without_the_librarys_words_the_bindings_name_is_used_and_without_either_the_number_alone()
    {
        var named = StatusCheck.Failure("cuBLAS", "cublasCreate_v2(&handle)", 1, _ => default, status => Enum.GetName((CublasStatus)status));
        var unnamed = StatusCheck.Failure("cuBLAS", "cublasCreate_v2(&handle)", 12345, _ => default, status => Enum.GetName((CublasStatus)status));

        Assert.Equal("cublasCreate_v2 failed with NotInitialized (1)", named.Message);
        Assert.Equal("cublasCreate_v2 failed with status 12345", unnamed.Message);
        Assert.Null(unnamed.StatusName);
    }

    [Theory]
    [InlineData("CudaDriver.cuInit(0)", "cuInit")]
    [InlineData("Nvrtc.nvrtcCompileProgram(handle, texts.Length, pointers)", "nvrtcCompileProgram")]
    [InlineData("cudnnCreate(&raw)", "cudnnCreate")]
    [InlineData("  nvrtcCompileProgram  ", "nvrtcCompileProgram")]
    public void The_call_is_the_function_without_its_class_or_arguments(string expression, string call)
        => Assert.Equal(call, StatusCheck.CallName(expression));

    [Fact]
    public void The_bindings_check_passes_success_and_names_the_call_of_a_failure()
    {
        CudaDriver.Check(CudaResult.Success);
        Cublas.Check(CublasStatus.Success);
        Cudnn.Check(CudnnStatus.Success);
        Nvrtc.Check(NvrtcResult.Success);

        // Where the library is loaded its own name for the status is used, else the binding's: either way the call and number.
        var driver = Assert.Throws<CudaException>(() => CudaDriver.Check(CudaResult.NoDevice, "CudaDriver.cuInit(0)"));
        Assert.StartsWith("cuInit failed with ", driver.Message);
        Assert.Contains("(100)", driver.Message);
        Assert.Equal("CUDA driver", driver.Library);
        var cudnn = Assert.Throws<CudaException>(() => Cudnn.Check(CudnnStatus.BadParamNullPointer, "cudnnSetStream(handle, stream)"));
        Assert.StartsWith("cudnnSetStream failed with ", cudnn.Message);
        Assert.Contains("(2002)", cudnn.Message);
    }

    [Fact]
    public void An_NVRTC_compilation_failure_carries_the_compilers_log()
    {
        var error = Nvrtc.Failure(NvrtcResult.Compilation, "nvrtcCompileProgram", "step.cu(3): error: identifier \"x\" is undefined");

        Assert.StartsWith("nvrtcCompileProgram failed with ", error.Message);
        Assert.EndsWith("(6): step.cu(3): error: identifier \"x\" is undefined", error.Message);
    }
}
