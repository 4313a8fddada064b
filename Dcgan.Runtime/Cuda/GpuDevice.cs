using System.Globalization;
using System.Text;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>What the driver says about one GPU.</summary>
public sealed record GpuDevice(int Ordinal, string Name, int Major, int Minor, int Multiprocessors, ulong TotalBytes)
{
    /// <summary>The compute capability as NVRTC's architectures number it: 90 for 9.0 (sm_90).</summary>
    public int Architecture => Major * 10 + Minor;

    /// <summary>Reads device <paramref name="ordinal"/> (cuInit must have run).</summary>
    public static unsafe GpuDevice Read(int ordinal)
    {
        int device;
        CudaDriver.Check(CudaDriver.cuDeviceGet(&device, ordinal));
        const int capacity = 256;
        byte* name = stackalloc byte[capacity];
        CudaDriver.Check(CudaDriver.cuDeviceGetName(name, capacity, device));
        nuint bytes;
        CudaDriver.Check(CudaDriver.cuDeviceTotalMem_v2(&bytes, device));
        return new GpuDevice(ordinal, StatusCheck.Utf8(name) ?? "", Attribute(device, CudaDeviceAttribute.ComputeCapabilityMajor),
            Attribute(device, CudaDeviceAttribute.ComputeCapabilityMinor), Attribute(device, CudaDeviceAttribute.MultiprocessorCount), bytes);
    }

    private static unsafe int Attribute(int device, CudaDeviceAttribute attribute)
    {
        int value;
        CudaDriver.Check(CudaDriver.cuDeviceGetAttribute(&value, attribute, device));
        return value;
    }

    /// <summary>"NVIDIA H100 80GB HBM3: compute capability 9.0, 132 SMs, 79.1 GiB".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: compute capability {Major}.{Minor}, {Multiprocessors} SMs, {TotalBytes / (double)(1UL << 30):F1} GiB");
}
