using System.Globalization;
using Dcgan.Runtime.Cuda;

namespace Dcgan.Runtime;

/// <summary>Opens a compiled GAN on the device a run names.</summary>
public static class GanDevices
{
    /// <param name="device"><c>cpu</c>, <c>cuda</c> (GPU 0) or <c>cuda:N</c>: the names the CLI resolves <c>--device</c> to.</param>
    /// <param name="gpuMode">On a GPU, speed (TF32, algorithms by cuDNN's measurement) or parity (FP32, deterministic); ignored on the CPU.</param>
    public static IGanDevice Open(IGanModel model, int batch, ulong seed, string device = "cpu", GpuMode gpuMode = GpuMode.Speed)
    {
        if (device == "cpu") return new CpuGanDevice(model, batch, seed);
        if (CudaOrdinal(device) is { } ordinal)
            return CudaGanDevice.Open(model, batch, seed, new CudaExecutorOptions(ordinal, gpuMode));
        throw new DcganException($"unknown device '{device}': use cpu, cuda or cuda:N");
    }

    /// <summary>The GPU ordinal <c>cuda</c> (0) or <c>cuda:N</c> names, or null when it names none.</summary>
    public static int? CudaOrdinal(string? device)
    {
        if (device == "cuda") return 0;
        if (device is not null && device.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int ordinal))
            return ordinal;
        return null;
    }
}
