namespace Dcgan;

/// <summary>Base of every layer attribute; the source generator reads them, nothing reads them at run time.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public abstract class LayerAttribute : Attribute;

/// <summary>nn.Linear(in, outFeatures); the input is flattened per sample. Weight [out, in].</summary>
public sealed class LinearAttribute(int outFeatures) : LayerAttribute
{
    public int OutFeatures { get; } = outFeatures;
    public bool Bias { get; set; } = true;
}

/// <summary>nn.Conv2d(in, outChannels, kernelSize, Stride, Padding). Weight [out, in, k, k].</summary>
public sealed class Conv2dAttribute(int outChannels, int kernelSize) : LayerAttribute
{
    public int OutChannels { get; } = outChannels;
    public int KernelSize { get; } = kernelSize;
    public int Stride { get; set; } = 1;
    public int Padding { get; set; }
    public bool Bias { get; set; } = true;
}

/// <summary>nn.ConvTranspose2d(in, outChannels, kernelSize, Stride, Padding, OutputPadding). Weight [in, out, k, k].</summary>
public sealed class ConvTranspose2dAttribute(int outChannels, int kernelSize) : LayerAttribute
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
public sealed class BatchNormAttribute : LayerAttribute
{
    public double Eps { get; set; } = 1e-5;
    public double Momentum { get; set; } = 0.1;
}

public sealed class LeakyReluAttribute(float negativeSlope = 0.01f) : LayerAttribute
{
    public float NegativeSlope { get; } = negativeSlope;
}

public sealed class ReluAttribute : LayerAttribute;

public sealed class SigmoidAttribute : LayerAttribute;

public sealed class TanhAttribute : LayerAttribute;

/// <summary>Flattens each sample to one dimension (nn.Flatten()).</summary>
public sealed class FlattenAttribute : LayerAttribute;

/// <summary>Reshapes each sample (the batch dimension is kept), as <c>x.reshape(B, *shape)</c>.</summary>
public sealed class ReshapeAttribute(params int[] shape) : LayerAttribute
{
    public int[] Shape { get; } = shape;
}

/// <summary>nn.Upsample(scale_factor=2, mode) on [C, H, W]; no parameters.</summary>
public sealed class UpsampleAttribute(UpsampleMode mode = UpsampleMode.Nearest) : LayerAttribute
{
    public UpsampleMode Mode { get; } = mode;
    /// <summary>The scale factor; 2 is the one supported.</summary>
    public int Scale { get; set; } = 2;
}

/// <summary>
/// nn.Dropout(rate) in training mode (inverted: kept values scale by 1 / (1 - rate)), the identity
/// in eval mode. The rate is the model's default; a run can change it for every dropout layer at once.
/// </summary>
public sealed class DropoutAttribute(double rate = 0.5) : LayerAttribute
{
    public double Rate { get; } = rate;
}

/// <summary>
/// Adds sigma * N(0, 1) to its input in training mode only (Keras' GaussianNoise). Sigma is the
/// model's default; a run can change it for every noise layer at once.
/// </summary>
public sealed class GaussianNoiseAttribute(double sigma) : LayerAttribute
{
    public double Sigma { get; } = sigma;
}
