namespace Dcgan.Runtime.Cpu;

/// <summary>
/// The shape of one convolution seen in the Conv2d direction: image side x[N, C, H, W] to feature side
/// y[N, K, P, Q] through a weight [K, C, KH, KW]. A ConvTranspose2d is described by the Conv2d it is the
/// adjoint of, so one geometry (and one im2col) serves both layer kinds in all three directions.
/// </summary>
public readonly record struct ConvGeometry(int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int OutHeight, int OutWidth, int KernelHeight, int KernelWidth, int Stride, int Padding)
{
    /// <summary>Pixels of one image-side channel (H*W).</summary>
    public int ImageSpatial => InHeight * InWidth;

    /// <summary>Positions of one feature-side channel (P*Q): the columns im2col produces per image.</summary>
    public int FeatureSpatial => OutHeight * OutWidth;

    /// <summary>Rows of the im2col matrix (C*KH*KW): the reduction length of the forward GEMM.</summary>
    public int PatchSize => InChannels * KernelHeight * KernelWidth;

    /// <summary>Width of an image-side plane with its zero border (W + 2 * padding).</summary>
    public int PaddedWidth => InWidth + 2 * Padding;

    /// <summary>Floats of an image-side plane with its zero border; every tap of every output position lies inside.</summary>
    public long PaddedPlane => (long)(InHeight + 2 * Padding) * PaddedWidth;

    /// <summary>
    /// Throws unless the output size is what Conv2d computes from the input size. ConvTranspose2d's
    /// output padding shows up as H, W being up to Stride-1 larger than the minimum, so the check
    /// accepts those pixels that no output position reaches.
    /// </summary>
    internal void Validate()
    {
        if (Batch <= 0 || InChannels <= 0 || InHeight <= 0 || InWidth <= 0 || OutChannels <= 0 ||
            OutHeight <= 0 || OutWidth <= 0 || KernelHeight <= 0 || KernelWidth <= 0 || Stride <= 0 || Padding < 0)
            throw new ArgumentException($"invalid convolution geometry {this}");
        if ((InHeight + 2 * Padding - KernelHeight) / Stride + 1 != OutHeight ||
            (InWidth + 2 * Padding - KernelWidth) / Stride + 1 != OutWidth)
            throw new ArgumentException(
                $"convolution geometry {this}: a {InHeight}x{InWidth} image with kernel {KernelHeight}x{KernelWidth}, " +
                $"stride {Stride}, padding {Padding} gives {(InHeight + 2 * Padding - KernelHeight) / Stride + 1}x" +
                $"{(InWidth + 2 * Padding - KernelWidth) / Stride + 1}, not {OutHeight}x{OutWidth}");
    }
}
