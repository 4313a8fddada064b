using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;
using static Dcgan.Cuda.Tests.DeviceArrays;

namespace Dcgan.Cuda.Tests;

/// <summary>The stand-in's registry of live allocations: what it refuses, and what cuMemGetInfo says of it.</summary>
public sealed unsafe class MemoryTests
{
    private const string ScaleSource = """
        extern "C" __global__ void scale_by(float* data, float factor, int count)
        {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < count) data[i] *= factor;
        }
        """;

    [SkippableFact]
    public void Freeing_twice_is_refused()
    {
        _ = StandIn.Context;
        ulong pointer;
        CudaDriver.Check(CudaDriver.cuMemAlloc_v2(&pointer, 256));
        CudaDriver.Check(CudaDriver.cuMemFree_v2(pointer));
        Assert.Equal(CudaResult.InvalidValue, CudaDriver.cuMemFree_v2(pointer));
    }

    [SkippableFact]
    public void Freeing_an_address_inside_an_allocation_is_refused()
    {
        using var buffer = DeviceBuffer.Allocate(StandIn.Context, 256);
        Assert.Equal(CudaResult.InvalidValue, CudaDriver.cuMemFree_v2(buffer.Pointer + 4));
    }

    [SkippableFact]
    public void Free_memory_falls_by_what_is_allocated_and_comes_back_when_freed()
    {
        var (before, total) = StandIn.Context.MemoryInfo();
        const ulong bytes = 3 << 20;
        var buffer = DeviceBuffer.Allocate(StandIn.Context, bytes);
        var (during, _) = StandIn.Context.MemoryInfo();
        buffer.Dispose();
        var (after, _) = StandIn.Context.MemoryInfo();
        Assert.Equal(before - bytes, during);
        Assert.Equal(before, after);
        Assert.True(before <= total);
    }

    [SkippableFact]
    public void A_copy_past_the_end_of_an_allocation_is_refused()
    {
        using var stream = CudaStream.Create(StandIn.Context);
        using var buffer = DeviceBuffer.Allocate(StandIn.Context, 16);
        var values = new float[8];
        fixed (float* host = values)
            Assert.Equal(CudaResult.InvalidValue, CudaDriver.cuMemcpyHtoDAsync_v2(buffer.Pointer, host, 32, stream.Handle));
    }

    [SkippableFact]
    public void A_launch_whose_pointer_lies_in_no_live_allocation_is_refused()
    {
        using var stream = CudaStream.Create(StandIn.Context);
        using var module = StandIn.CompileModule(ScaleSource);
        nint kernel = module.Function("scale_by");
        ulong freed;
        CudaDriver.Check(CudaDriver.cuMemAlloc_v2(&freed, 64));
        CudaDriver.Check(CudaDriver.cuMemFree_v2(freed));
        float factor = 2;
        int count = 16;
        void** arguments = stackalloc void*[] { &freed, &factor, &count };
        var refused = Assert.Throws<CudaException>(() =>
            CudaDriver.Check(CudaDriver.cuLaunchKernel(kernel, 1, 1, 1, 16, 1, 1, 0, stream.Handle, arguments, null)));
        Assert.Equal("cuLaunchKernel", refused.Call);
        Assert.Equal((int)CudaResult.InvalidValue, refused.Status);
    }

    [SkippableFact]
    public void A_launch_with_its_arguments_out_of_order_is_refused_and_in_order_it_runs()
    {
        using var stream = CudaStream.Create(StandIn.Context);
        using var module = StandIn.CompileModule(ScaleSource);
        nint kernel = module.Function("scale_by");
        using var data = Upload(stream, [1, 2, 3, 4]);
        ulong pointer = data.Pointer;
        float factor = 3;
        int count = 4;
        void** swapped = stackalloc void*[] { &factor, &pointer, &count };
        Assert.Equal(CudaResult.InvalidValue, CudaDriver.cuLaunchKernel(kernel, 1, 1, 1, 4, 1, 1, 0, stream.Handle, swapped, null));
        void** inOrder = stackalloc void*[] { &pointer, &factor, &count };
        CudaDriver.Check(CudaDriver.cuLaunchKernel(kernel, 1, 1, 1, 4, 1, 1, 0, stream.Handle, inOrder, null));
        Assert.Equal([3f, 6, 9, 12], Download(stream, data, 4));
    }

    [SkippableFact]
    public void Pinned_host_memory_is_allocated_and_freed_once()
    {
        _ = StandIn.Context;
        void* pinned;
        CudaDriver.Check(CudaDriver.cuMemAllocHost_v2(&pinned, 1024));
        ((float*)pinned)[255] = 1;
        CudaDriver.Check(CudaDriver.cuMemFreeHost(pinned));
        Assert.Equal(CudaResult.InvalidValue, CudaDriver.cuMemFreeHost(pinned));
    }
}
