namespace Dcgan.Runtime;

/// <summary>Opens a compiled GAN on the device a run names.</summary>
public static class GanDevices
{
    /// <param name="device"><c>cpu</c>; the device names the CLI resolves <c>--device</c> to.</param>
    public static IGanDevice Open(IGanModel model, int batch, ulong seed, string device = "cpu") => device switch
    {
        "cpu" => new CpuGanDevice(model, batch, seed),
        _ => throw new DcganException($"device '{device}': this build runs the training step on the CPU only (no CUDA executor yet)"),
    };
}
