// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the device program
// the generator writes names the runtime's own members.
namespace Dcgan;

/// <summary>The product of a Linear layer a GEMM computes (see Dcgan.Runtime.Cuda.CublasGemm).</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum LinearProduct
{
    Forward,
    BackwardData,
    BackwardWeight,
}

/// <summary>The layer-level work a convolution layer asks of cuDNN (the routine is <see cref="ConvolutionSides.CoreFor"/>'s).</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum ConvolutionWork
{
    Forward,
    InputGradient,
    WeightGradient,
}

/// <summary>Which cuDNN batch-norm routine a device operation calls, and the operands it binds by name.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum BatchNormWork
{
    /// <summary>cudnnBatchNormalizationForwardTraining: x, y, scale, bias, running_mean, running_var (moved by momentum), save_mean, save_invstd.</summary>
    ForwardTraining,
    /// <summary>cudnnBatchNormalizationForwardInference: x, y, scale, bias, running_mean, running_var.</summary>
    ForwardInference,
    /// <summary>cudnnBatchNormalizationBackward from the saved statistics: x, dy, scale, save_mean, save_invstd, dx (overwritten), dscale and dbias (added to).</summary>
    Backward,
}
