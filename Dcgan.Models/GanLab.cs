using Dcgan;

namespace Dcgan.Models;

// 003_ab7c59468414c221 (~2.2M parameters): the generator projects the latent to 256x7x7, then twice
// upsamples bilinearly and applies two 3x3 conv + batch norm + ReLU; a 1x1 conv and Tanh make the image.
// The critic adds Gaussian noise to its input, then three CBlocks (two 3x3 conv + BN + LeakyReLU, a
// stride-2 conv, dropout), and a linear score. D's loss is the mean of its two terms (averaged), with
// two-sided label smoothing 0.2.

[Generator(100)]
public partial class GanLabGenerator
{
    [Linear(256 * 7 * 7), Relu]
    partial Block Project { get; }

    [Reshape(256, 7, 7)]
    partial Block Unflatten { get; }

    [Upsample(UpsampleMode.Bilinear), Conv2d(128, 3, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up14 { get; }

    [Conv2d(128, 3, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Refine14 { get; }

    [Upsample(UpsampleMode.Bilinear), Conv2d(64, 3, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up28 { get; }

    [Conv2d(64, 3, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Refine28 { get; }

    [Conv2d(1, 1), Tanh]
    partial Block ToImage { get; }
}

[Discriminator(1, 28, 28)]
public partial class GanLabDiscriminator
{
    [GaussianNoise(0.1)]
    partial Block InputNoise { get; }

    [Conv2d(32, 3, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Block1A { get; }

    [Conv2d(32, 3, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Block1B { get; }

    [Conv2d(32, 3, Stride = 2, Padding = 1), LeakyRelu(0.2f), Dropout(0.5)]
    partial Block Block1Down { get; }

    [Conv2d(64, 3, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Block2A { get; }

    [Conv2d(64, 3, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Block2B { get; }

    [Conv2d(64, 3, Stride = 2, Padding = 1), LeakyRelu(0.2f), Dropout(0.5)]
    partial Block Block2Down { get; }

    [Conv2d(96, 3, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Block3A { get; }

    [Conv2d(96, 3, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Block3B { get; }

    [Conv2d(96, 3, Stride = 2, Padding = 1), LeakyRelu(0.2f), Dropout(0.5)]
    partial Block Block3Down { get; }

    [Flatten]
    partial Block Flat { get; }

    [Linear(1)]
    partial Block Score { get; }
}

[Gan(typeof(GanLabGenerator), typeof(GanLabDiscriminator), Name = "ganlab",
     Recipe = GanRecipe.Averaged, Loss = GanLoss.BceWithLogits, Batch = 256, LabelSmoothing = 0.2,
     Pixels = PixelRange.MinusOneOne, Init = InitScheme.PyTorchDefault, Latent = LatentDistribution.Normal)]
[Adam(Net.Generator, 2e-4, Beta1 = 0.5), Adam(Net.Discriminator, 2e-4, Beta1 = 0.5)]
public partial class GanLab;
