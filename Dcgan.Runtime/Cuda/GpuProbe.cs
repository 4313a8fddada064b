using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// Whether this machine has a usable GPU, as cheaply as that can be known: the driver's library loaded, cuInit,
/// and the devices it reports. Run by <c>--device auto</c> on every start, so it touches nothing else.
/// </summary>
public sealed record GpuProbe(LibraryLoadResult Driver, int? DriverVersion, IReadOnlyList<GpuDevice> Devices, string? Problem)
{
    public bool Usable => Problem is null;

    public static unsafe GpuProbe Run()
    {
        var driver = CudaLibraries.Load(CudaLibrary.Driver);
        if (!driver.IsLoaded) return new GpuProbe(driver, null, [], driver.Describe());
        int? version = null;
        try
        {
            int value;
            CudaDriver.Check(CudaDriver.cuDriverGetVersion(&value));
            version = value;
            CudaDriver.Check(CudaDriver.cuInit(0));
            int count;
            CudaDriver.Check(CudaDriver.cuDeviceGetCount(&count));
            return count == 0
                ? new GpuProbe(driver, version, [], "the CUDA driver sees no GPU")
                : new GpuProbe(driver, version, Enumerable.Range(0, count).Select(GpuDevice.Read).ToList(), null);
        }
        catch (CudaException e)
        {
            return new GpuProbe(driver, version, [], e.Message);
        }
    }

    /// <summary>Why there is no usable GPU in a few words (the driver's file not found, rather than every directory searched); null when there is one.</summary>
    public string? BriefProblem => Driver.IsLoaded ? Problem : Driver.Summarize();

    /// <summary>One line: the first GPU and the driver's CUDA version, or why there is no usable GPU.</summary>
    public string Describe() => Problem
        ?? $"{Devices[0].Describe()}{(Devices.Count > 1 ? $" (and {Devices.Count - 1} more)" : "")}, driver for CUDA {CudaVersion.Format(DriverVersion ?? 0)}";
}
