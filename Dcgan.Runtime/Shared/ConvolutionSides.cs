// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal). The one place the rule
// of a transposed convolution is written: the generator's shapes and operand roles, the CPU kernels and the cuDNN
// routine choice all ask it.
namespace Dcgan;

/// <summary>
/// The three computations every convolution layer is made of, in the Conv2d direction: image side [C, H, W] to feature
/// side [K, P, Q] (cuDNN's forward), feature side to image side (its backward-data, the adjoint), and the filter gradient
/// from both sides (its backward-filter).
/// </summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum ConvolutionCore
{
    ImageToFeature,
    FeatureToImage,
    FilterGradient,
}

/// <summary>
/// A Conv2d reads its image side and writes its feature side. A ConvTranspose2d is the adjoint of the Conv2d its geometry
/// describes (its PyTorch weight [in, out, kh, kw] is that Conv2d's filter [K, C, kh, kw]): it reads the feature side and
/// writes the image side, so its forward is the Conv2d's backward-data and its input gradient the Conv2d's forward.
/// </summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
static class ConvolutionSides
{
    /// <summary>Whether a layer's input (and its input gradient) is the image side: a Conv2d's is, a ConvTranspose2d's is the feature side.</summary>
    public static bool InputIsImage(bool transposed) => !transposed;

    /// <summary>The (image side, feature side) of a layer's <paramref name="input"/> and <paramref name="output"/> (or their gradients, or shapes).</summary>
    public static (T Image, T Feature) Sides<T>(bool transposed, T input, T output)
        => InputIsImage(transposed) ? (input, output) : (output, input);

    /// <summary>The computation that does <paramref name="work"/> for a layer: forward reads the input side, the input gradient writes it.</summary>
    public static ConvolutionCore CoreFor(bool transposed, ConvolutionWork work)
    {
        switch (work)
        {
            case ConvolutionWork.Forward: return InputIsImage(transposed) ? ConvolutionCore.ImageToFeature : ConvolutionCore.FeatureToImage;
            case ConvolutionWork.InputGradient: return InputIsImage(transposed) ? ConvolutionCore.FeatureToImage : ConvolutionCore.ImageToFeature;
            default: return ConvolutionCore.FilterGradient;
        }
    }
}
