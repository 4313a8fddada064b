namespace Dcgan.Runtime.Cuda;

/// <summary>How a GAN's step runs on a GPU: as fast as cuDNN and cuBLAS allow, or reproducibly for parity.</summary>
public enum GpuMode
{
    /// <summary>
    /// TF32 tensor-core products in cuBLAS (CUBLAS_TF32_TENSOR_OP_MATH) and cuDNN (CUDNN_DEFAULT_MATH), and each
    /// convolution's algorithm picked by cuDNN's own measurement (cudnnFind*Algorithm) once at start-up: the default
    /// of <c>train</c> and <c>bench</c>.
    /// </summary>
    Speed,
    /// <summary>
    /// FP32 products only (CUBLAS_DEFAULT_MATH, CUDNN_FMA_MATH) and the first deterministic algorithm cuDNN's heuristics
    /// (cudnnGet*Algorithm_v7) rate: a step is bit-reproducible run to run. What <c>parity</c> runs.
    /// </summary>
    Parity,
}

/// <summary>The modes' names as the CLI and config.json spell them.</summary>
public static class GpuModes
{
    public const string Names = "speed or parity";

    public static string Name(this GpuMode mode) => mode == GpuMode.Speed ? "speed" : "parity";

    /// <summary>The mode <paramref name="name"/> spells, or null.</summary>
    public static GpuMode? Parse(string? name) => name switch
    {
        "speed" => GpuMode.Speed,
        "parity" => GpuMode.Parity,
        _ => null,
    };
}
