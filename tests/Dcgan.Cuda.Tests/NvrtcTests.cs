using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Cuda.Tests;

/// <summary>The stand-in NVRTC's refusals and what it reports, through the project's NvrtcProgram and CudaModule.</summary>
public sealed class NvrtcTests
{
    [SkippableFact]
    public void A_syntax_error_fails_the_compile_with_the_compilers_log_naming_the_line()
    {
        StandIn.Require();
        const string source = "extern \"C\" __global__ void broken(float* x)\n{\n    x[0] = 1.0f +;\n}\n";
        using var program = NvrtcProgram.Create(source, "broken.cu");
        var failure = Assert.Throws<CudaException>(() => program.CompileToCubin(90));
        Assert.Equal("nvrtcCompileProgram", failure.Call);
        Assert.Equal((int)NvrtcResult.Compilation, failure.Status);
        Assert.Equal("NVRTC_ERROR_COMPILATION", failure.StatusName);
        Assert.Contains("broken.cu:3", failure.Description);
        Assert.Contains("error", failure.Description);
    }

    [SkippableFact]
    public void An_unknown_option_is_refused()
    {
        StandIn.Require();
        using var program = NvrtcProgram.Create("extern \"C\" __global__ void empty() {}", "empty.cu");
        var failure = Assert.Throws<CudaException>(() => program.CompileToCubin(90, "--no-such-option"));
        Assert.Equal((int)NvrtcResult.InvalidOption, failure.Status);
        Assert.Contains("--no-such-option", failure.Description);
    }

    [SkippableFact]
    public void An_architecture_it_does_not_list_is_refused_and_those_it_lists_include_sm_90()
    {
        StandIn.Require();
        Assert.Contains(90, NvrtcProgram.SupportedArchitectures());
        Assert.Equal(12, NvrtcProgram.Version().Major);
        using var program = NvrtcProgram.Create("extern \"C\" __global__ void empty() {}", "empty.cu");
        var failure = Assert.Throws<CudaException>(() => program.CompileToCubin(42));
        Assert.Equal((int)NvrtcResult.InvalidOption, failure.Status);
    }

    [SkippableFact]
    public void The_module_holds_its_extern_C_kernels_by_name_and_nothing_else()
    {
        const string source = """
            // extern "C" __global__ void in_a_comment(int x) is no kernel
            __device__ float twice(float x) { return 2 * x; }
            extern "C" __global__ void first(float* x) { x[threadIdx.x] = twice(x[threadIdx.x]); }
            extern "C" __global__ void second(const float* x, float* y, int n) { if ((int)threadIdx.x < n) y[threadIdx.x] = x[threadIdx.x]; }
            """;
        using var module = StandIn.CompileModule(source);
        Assert.NotEqual(0, module.Function("first"));
        Assert.NotEqual(0, module.Function("second"));
        foreach (string missing in new[] { "twice", "in_a_comment", "third" })
        {
            var failure = Assert.Throws<CudaException>(() => module.Function(missing));
            Assert.Equal((int)CudaResult.NotFound, failure.Status);
        }
    }

    [SkippableFact]
    public void A_block_meets_at_syncthreads_across_a_three_dimensional_launch()
    {
        // Each block reverses its 64 values through shared memory: wrong unless every thread wrote before any read.
        const string source = """
            extern "C" __global__ void reverse_blocks(float* data)
            {
                __shared__ float tile[64];
                int local = threadIdx.x + threadIdx.y * blockDim.x;
                int block = blockIdx.x + blockIdx.y * gridDim.x + blockIdx.z * gridDim.x * gridDim.y;
                tile[local] = data[block * 64 + local];
                __syncthreads();
                data[block * 64 + local] = tile[63 - local];
            }
            """;
        using var stream = CudaStream.Create(StandIn.Context);
        using var module = StandIn.CompileModule(source);
        nint kernel = module.Function("reverse_blocks");
        const int blocks = 2 * 3 * 2;
        var values = Enumerable.Range(0, blocks * 64).Select(i => (float)i).ToArray();
        using var data = DeviceArrays.Upload(stream, values);
        ulong pointer = data.Pointer;
        unsafe
        {
            void** arguments = stackalloc void*[] { &pointer };
            CudaDriver.Check(CudaDriver.cuLaunchKernel(kernel, 2, 3, 2, 16, 4, 1, 0, stream.Handle, arguments, null));
        }
        var expected = values.Chunk(64).SelectMany(block => block.Reverse()).ToArray();
        Assert.Equal(expected, DeviceArrays.Download(stream, data, values.Length));
    }
}
