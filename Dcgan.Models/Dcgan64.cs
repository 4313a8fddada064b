using Dcgan;

namespace Dcgan.Models;

// The DCGAN paper's 64x64 architecture as the PyTorch DCGAN tutorial writes it (nz 100, ngf = ndf = 64):
// five 4x4 transposed convolutions with batch norm and ReLU up to 64x64 and Tanh; five 4x4 convolutions
// with LeakyReLU(0.2) and batch norm down to one probability. N(0, 0.02) weights, Adam(2e-4, 0.5).
// Two variants: grey (1 channel: MNIST and Fashion-MNIST are resized to 64x64) and RGB (3 channels).

[Generator(100, 1, 1)]
public partial class Dcgan64Generator
{
    [ConvTranspose2d(512, 4, Bias = false), BatchNorm, Relu]
    partial Block Project4 { get; }

    [ConvTranspose2d(256, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up8 { get; }

    [ConvTranspose2d(128, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up16 { get; }

    [ConvTranspose2d(64, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up32 { get; }

    [ConvTranspose2d(1, 4, Stride = 2, Padding = 1, Bias = false), Tanh]
    partial Block Up64 { get; }
}

[Discriminator(1, 64, 64)]
public partial class Dcgan64Discriminator
{
    [Conv2d(64, 4, Stride = 2, Padding = 1, Bias = false), LeakyRelu(0.2f)]
    partial Block Down32 { get; }

    [Conv2d(128, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Down16 { get; }

    [Conv2d(256, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Down8 { get; }

    [Conv2d(512, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Down4 { get; }

    [Conv2d(1, 4, Bias = false), Sigmoid]
    partial Block Score { get; }
}

[Gan(typeof(Dcgan64Generator), typeof(Dcgan64Discriminator), Name = "dcgan64",
     Recipe = GanRecipe.Standard, Loss = GanLoss.Bce, Batch = 128,
     Pixels = PixelRange.MinusOneOne, Init = InitScheme.DcganNormal, Latent = LatentDistribution.Normal)]
[Adam(Net.Generator, 2e-4, Beta1 = 0.5), Adam(Net.Discriminator, 2e-4, Beta1 = 0.5)]
public partial class Dcgan64;

[Generator(100, 1, 1)]
public partial class Dcgan64RgbGenerator
{
    [ConvTranspose2d(512, 4, Bias = false), BatchNorm, Relu]
    partial Block Project4 { get; }

    [ConvTranspose2d(256, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up8 { get; }

    [ConvTranspose2d(128, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up16 { get; }

    [ConvTranspose2d(64, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up32 { get; }

    [ConvTranspose2d(3, 4, Stride = 2, Padding = 1, Bias = false), Tanh]
    partial Block Up64 { get; }
}

[Discriminator(3, 64, 64)]
public partial class Dcgan64RgbDiscriminator
{
    [Conv2d(64, 4, Stride = 2, Padding = 1, Bias = false), LeakyRelu(0.2f)]
    partial Block Down32 { get; }

    [Conv2d(128, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Down16 { get; }

    [Conv2d(256, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Down8 { get; }

    [Conv2d(512, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Down4 { get; }

    [Conv2d(1, 4, Bias = false), Sigmoid]
    partial Block Score { get; }
}

[Gan(typeof(Dcgan64RgbGenerator), typeof(Dcgan64RgbDiscriminator), Name = "dcgan64_rgb",
     Recipe = GanRecipe.Standard, Loss = GanLoss.Bce, Batch = 128,
     Pixels = PixelRange.MinusOneOne, Init = InitScheme.DcganNormal, Latent = LatentDistribution.Normal)]
[Adam(Net.Generator, 2e-4, Beta1 = 0.5), Adam(Net.Discriminator, 2e-4, Beta1 = 0.5)]
public partial class Dcgan64Rgb;
