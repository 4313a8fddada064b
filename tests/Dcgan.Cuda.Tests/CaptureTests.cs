using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;
using static Dcgan.Cuda.Tests.DeviceArrays;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// Stream capture on the stand-in as the real driver documents it: what a capture forbids (refused with
/// CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED, the capture then invalidated) and that a captured launch keeps the
/// argument values of its capture.
/// </summary>
public sealed unsafe class CaptureTests
{
    private const string AddSource = """
        extern "C" __global__ void add_value(float* data, float value, int count)
        {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < count) data[i] += value;
        }
        """;

    private static void AssertRefusedDuringCapture(string call, Action forbidden)
    {
        using var stream = CudaStream.Create(StandIn.Context);
        stream.BeginCapture();
        var refused = Assert.Throws<CudaException>(forbidden);
        Assert.Equal(call, refused.Call);
        Assert.Equal((int)CudaResult.StreamCaptureUnsupported, refused.Status);
        Assert.Equal("CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED", refused.StatusName);
        var ended = Assert.Throws<CudaException>(() => stream.EndCapture());
        Assert.Equal("cuStreamEndCapture", ended.Call);
        Assert.Equal((int)CudaResult.StreamCaptureInvalidated, ended.Status);
        Assert.Equal("CUDA_ERROR_STREAM_CAPTURE_INVALIDATED", ended.StatusName);
        // The stream is usable again once the capture has ended.
        stream.Synchronize();
    }

    [SkippableFact]
    public void A_synchronous_copy_to_the_device_during_capture_is_refused_and_invalidates_the_capture()
    {
        using var buffer = DeviceBuffer.Allocate(StandIn.Context, 16);
        var value = new float[1];
        AssertRefusedDuringCapture("cuMemcpyHtoD_v2", () =>
        {
            fixed (float* host = value) CudaDriver.Check(CudaDriver.cuMemcpyHtoD_v2(buffer.Pointer, host, sizeof(float)));
        });
    }

    [SkippableFact]
    public void A_synchronous_copy_from_the_device_during_capture_is_refused_and_invalidates_the_capture()
    {
        using var buffer = DeviceBuffer.Allocate(StandIn.Context, 16);
        var value = new float[1];
        AssertRefusedDuringCapture("cuMemcpyDtoH_v2", () =>
        {
            fixed (float* host = value) CudaDriver.Check(CudaDriver.cuMemcpyDtoH_v2(host, buffer.Pointer, sizeof(float)));
        });
    }

    [SkippableFact]
    public void An_allocation_during_capture_is_refused_and_invalidates_the_capture()
    {
        AssertRefusedDuringCapture("cuMemAlloc_v2", () => DeviceBuffer.Allocate(StandIn.Context, 64).Dispose());
    }

    [SkippableFact]
    public void Synchronizing_the_capturing_stream_is_refused_and_invalidates_the_capture()
    {
        using var stream = CudaStream.Create(StandIn.Context);
        stream.BeginCapture();
        var refused = Assert.Throws<CudaException>(stream.Synchronize);
        Assert.Equal("cuStreamSynchronize", refused.Call);
        Assert.Equal((int)CudaResult.StreamCaptureUnsupported, refused.Status);
        var ended = Assert.Throws<CudaException>(() => stream.EndCapture());
        Assert.Equal((int)CudaResult.StreamCaptureInvalidated, ended.Status);
    }

    [SkippableFact]
    public void Work_outside_a_capture_is_not_refused()
    {
        using var buffer = DeviceBuffer.Allocate(StandIn.Context, 16);
        float value = 5, back = 0;
        CudaDriver.Check(CudaDriver.cuMemcpyHtoD_v2(buffer.Pointer, &value, sizeof(float)));
        CudaDriver.Check(CudaDriver.cuMemcpyDtoH_v2(&back, buffer.Pointer, sizeof(float)));
        Assert.Equal(5, back);
    }

    [SkippableFact]
    public void A_replayed_launch_uses_the_argument_values_of_its_capture_and_runs_only_when_replayed()
    {
        using var stream = CudaStream.Create(StandIn.Context);
        using var module = StandIn.CompileModule(AddSource);
        nint kernel = module.Function("add_value");
        const int count = 40;
        using var data = Upload(stream, new float[count]);
        ulong pointer = data.Pointer;
        float value = 1;
        int length = count;
        void** arguments = stackalloc void*[] { &pointer, &value, &length };

        stream.BeginCapture();
        CudaDriver.Check(CudaDriver.cuLaunchKernel(kernel, 2, 1, 1, 32, 1, 1, 0, stream.Handle, arguments, null));
        using var graph = stream.EndCapture();
        // Changed after the capture: the recorded launch must not see it.
        value = 100;
        length = 1;
        Assert.All(Download(stream, data, count), element => Assert.Equal(0f, element));

        using var replay = graph.Instantiate();
        replay.Launch(stream);
        replay.Launch(stream);
        Assert.All(Download(stream, data, count), element => Assert.Equal(2f, element));
    }

    [SkippableFact]
    public void A_graph_replays_copies_and_memsets_in_capture_order()
    {
        using var stream = CudaStream.Create(StandIn.Context);
        using var source = Upload(stream, [1, 2, 3, 4]);
        using var target = Upload(stream, new float[4]);
        stream.BeginCapture();
        CudaDriver.Check(CudaDriver.cuMemsetD32Async(target.Pointer, (uint)BitConverter.SingleToInt32Bits(7f), 4, stream.Handle));
        CudaDriver.Check(CudaDriver.cuMemcpyDtoDAsync_v2(target.Pointer, source.Pointer, 2 * sizeof(float), stream.Handle));
        using var graph = stream.EndCapture();
        using var replay = graph.Instantiate();
        Assert.Equal([0f, 0, 0, 0], Download(stream, target, 4));
        replay.Launch(stream);
        Assert.Equal([1f, 2, 7, 7], Download(stream, target, 4));
    }
}
