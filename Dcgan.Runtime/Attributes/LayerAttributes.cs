// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// names these attributes and their properties with nameof instead of keeping their names as strings.
using System;

namespace Dcgan;

/// <summary>Base of every layer attribute; the source generator reads them, nothing reads them at run time.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
abstract class LayerAttribute : Attribute;

/// <summary>nn.Linear(in, outFeatures); the input is flattened per sample. Weight [out, in].</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class LinearAttribute(int outFeatures) : LayerAttribute
{
    public int OutFeatures { get; } = outFeatures;
    public bool Bias { get; set; } = true;
}

/// <summary>nn.Conv2d(in, outChannels, kernelSize, Stride, Padding). Weight [out, in, k, k].</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class Conv2dAttribute(int outChannels, int kernelSize) : LayerAttribute
{
    public int OutChannels { get; } = outChannels;
    public int KernelSize { get; } = kernelSize;
    public int Stride { get; set; } = 1;
    public int Padding { get; set; }
    public bool Bias { get; set; } = true;
}

/// <summary>nn.ConvTranspose2d(in, outChannels, kernelSize, Stride, Padding, OutputPadding). Weight [in, out, k, k].</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class ConvTranspose2dAttribute(int outChannels, int kernelSize) : LayerAttribute
{
    public int OutChannels { get; } = outChannels;
    public int KernelSize { get; } = kernelSize;
    public int Stride { get; set; } = 1;
    public int Padding { get; set; }
    public int OutputPadding { get; set; }
    public bool Bias { get; set; } = true;
}

/// <summary>
/// Batch normalisation: BatchNorm1d after a flat [C] input, BatchNorm2d after [C, H, W].
/// PyTorch's defaults; TensorFlow's are Eps = 1e-3, Momentum = 0.01 (TF's 0.99 decay).
/// </summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class BatchNormAttribute : LayerAttribute
{
    public double Eps { get; set; } = 1e-5;
    public double Momentum { get; set; } = 0.1;
}

#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class LeakyReluAttribute(float negativeSlope = 0.01f) : LayerAttribute
{
    public float NegativeSlope { get; } = negativeSlope;
}

#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class ReluAttribute : LayerAttribute;

#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class SigmoidAttribute : LayerAttribute;

#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class TanhAttribute : LayerAttribute;

/// <summary>Flattens each sample to one dimension (nn.Flatten()).</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class FlattenAttribute : LayerAttribute;

/// <summary>Reshapes each sample (the batch dimension is kept), as <c>x.reshape(B, *shape)</c>.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class ReshapeAttribute(params int[] shape) : LayerAttribute
{
    public int[] Shape { get; } = shape;
}

/// <summary>nn.Upsample(scale_factor=2, mode) on [C, H, W]; no parameters.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class UpsampleAttribute(UpsampleMode mode = UpsampleMode.Nearest) : LayerAttribute
{
    public UpsampleMode Mode { get; } = mode;
    /// <summary>The scale factor; 2 is the one supported.</summary>
    public int Scale { get; set; } = 2;
}

/// <summary>
/// nn.Dropout(rate) in training mode (inverted: kept values scale by 1 / (1 - rate)), the identity
/// in eval mode. The rate is the model's default; a run can change it for every dropout layer at once.
/// </summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class DropoutAttribute(double rate = 0.5) : LayerAttribute
{
    public double Rate { get; } = rate;
}

/// <summary>
/// Adds sigma * N(0, 1) to its input in training mode only (Keras' GaussianNoise). Sigma is the
/// model's default; a run can change it for every noise layer at once.
/// </summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class GaussianNoiseAttribute(double sigma) : LayerAttribute
{
    public double Sigma { get; } = sigma;
}
