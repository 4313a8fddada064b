namespace Dcgan.Runtime.Cuda;

/// <summary>How a GAN runs on a GPU.</summary>
/// <param name="Ordinal">The GPU, by the driver's ordinal.</param>
/// <param name="Mode">Speed (TF32, algorithms by cuDNN's measurement) or parity (FP32, deterministic algorithms); parity
/// unless asked, so a caller that says nothing gets reproducible steps (the CLI's train and bench ask for speed).</param>
/// <param name="KernelCacheDirectory">Where NVRTC's modules are kept (default <see cref="KernelCache.DefaultDirectory"/>).</param>
public sealed record CudaExecutorOptions(int Ordinal = 0, GpuMode Mode = GpuMode.Parity, string? KernelCacheDirectory = null)
{
    /// <summary>A deliberately wrong executor, for tests only.</summary>
    internal ExecutorFault Fault { get; init; }
}
