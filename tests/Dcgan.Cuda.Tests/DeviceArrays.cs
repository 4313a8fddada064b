using Dcgan.Runtime.Cuda;

namespace Dcgan.Cuda.Tests;

/// <summary>Device buffers made from and read back into float arrays through the project's DeviceBuffer.</summary>
internal static class DeviceArrays
{
    public static DeviceBuffer Upload(CudaStream stream, float[] values)
    {
        var buffer = DeviceBuffer.Allocate(stream.Context, (ulong)Math.Max(1, values.Length) * sizeof(float));
        buffer.Upload<float>(values, stream);
        return buffer;
    }

    /// <summary>A buffer of <paramref name="count"/> floats, all NaN: an output that a call must write in full.</summary>
    public static DeviceBuffer Poisoned(CudaStream stream, long count) => Upload(stream, Enumerable.Repeat(float.NaN, (int)count).ToArray());

    public static float[] Download(CudaStream stream, DeviceBuffer buffer, long count)
    {
        var values = new float[count];
        buffer.Download<float>(values, stream);
        return values;
    }

    public static unsafe void* Address(DeviceBuffer buffer) => (void*)buffer.Pointer;
}
