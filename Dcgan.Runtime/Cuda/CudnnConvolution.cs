using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Cuda;

/// <summary>The three cuDNN convolution routines.</summary>
public enum CudnnConvolutionRoutine
{
    /// <summary>cudnnConvolutionForward: image side x to feature side y.</summary>
    Forward,
    /// <summary>cudnnConvolutionBackwardData: feature side dy to image side dx (the forward's adjoint in x).</summary>
    BackwardData,
    /// <summary>cudnnConvolutionBackwardFilter: image side x and feature side dy to the filter gradient (accumulated, beta = 1).</summary>
    BackwardFilter,
}

/// <summary>
/// The descriptors of one convolution layer for cuDNN (NCHW, float, cross-correlation, dilation 1), from the geometry the
/// CPU kernels use: the Conv2d direction, image side x[N, C, H, W], feature side y[N, K, P, Q], filter [K, C, KH, KW].
/// A ConvTranspose2d is the adjoint of that Conv2d, so its PyTorch weight [in, out, kh, kw] is already cuDNN's filter
/// [K, C, KH, KW] and its output padding is just the image side's size: nothing is transposed or copied.
/// </summary>
public readonly record struct CudnnConvolution(ConvGeometry Geometry)
{
    public int[] ImageDims => [Geometry.Batch, Geometry.InChannels, Geometry.InHeight, Geometry.InWidth];
    public int[] FeatureDims => [Geometry.Batch, Geometry.OutChannels, Geometry.OutHeight, Geometry.OutWidth];
    public int[] FilterDims => [Geometry.OutChannels, Geometry.InChannels, Geometry.KernelHeight, Geometry.KernelWidth];
    public int Padding => Geometry.Padding;
    public int Stride => Geometry.Stride;

    /// <summary>
    /// The routine that does <paramref name="work"/> for a layer: the one of <see cref="ConvolutionSides.CoreFor"/>'s
    /// computation (a ConvTranspose2d's forward is cuDNN's backward-data of the same descriptors, its input gradient
    /// cuDNN's forward; the operands come bound by side, so the weight gradient needs no swap here).
    /// </summary>
    public static CudnnConvolutionRoutine RoutineFor(bool transposed, ConvolutionWork work) => ConvolutionSides.CoreFor(transposed, work) switch
    {
        ConvolutionCore.ImageToFeature => CudnnConvolutionRoutine.Forward,
        ConvolutionCore.FeatureToImage => CudnnConvolutionRoutine.BackwardData,
        _ => CudnnConvolutionRoutine.BackwardFilter,
    };
}
