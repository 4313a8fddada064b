namespace Dcgan.Runtime.Cuda;

/// <summary>How a GAN runs on a GPU.</summary>
/// <param name="Ordinal">The GPU, by the driver's ordinal.</param>
/// <param name="Deterministic">Only deterministic cuDNN algorithms (parity's runs): a step is then bit-reproducible run to run.</param>
/// <param name="AllowTf32">TF32 tensor-core products in cuBLAS and cuDNN (faster, about 3 decimal digits); never in parity.</param>
/// <param name="KernelCacheDirectory">Where NVRTC's modules are kept (default <see cref="KernelCache.DefaultDirectory"/>).</param>
public sealed record CudaExecutorOptions(int Ordinal = 0, bool Deterministic = false, bool AllowTf32 = false, string? KernelCacheDirectory = null)
{
    /// <summary>A deliberately wrong executor, for tests only.</summary>
    internal ExecutorFault Fault { get; init; }
}
