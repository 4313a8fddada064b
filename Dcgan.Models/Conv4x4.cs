using Dcgan;

namespace Dcgan.Models;

// 002_0fe5a3863b769846, corrected: all-convolutional, 4x4 kernels. As its text is written the generator
// makes 16x16 images that its 28x28 discriminator cannot score (that declaration is a build-failure test
// in tests/Dcgan.Generators.Tests); here G's first layer uses a 7x7 kernel so G makes 28x28, and D ends
// in a 7x7 valid convolution that leaves one value per image.

[Generator(100, 1, 1)]
public partial class Conv4x4Generator
{
    [ConvTranspose2d(256, 7, Bias = false), BatchNorm, Relu]
    partial Block Project { get; }

    [ConvTranspose2d(128, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up14 { get; }

    [ConvTranspose2d(1, 4, Stride = 2, Padding = 1, Bias = false), Tanh]
    partial Block Up28 { get; }
}

[Discriminator(1, 28, 28)]
public partial class Conv4x4Discriminator
{
    [Conv2d(128, 4, Stride = 2, Padding = 1, Bias = false), LeakyRelu(0.2f)]
    partial Block Down14 { get; }

    [Conv2d(256, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Down7 { get; }

    [Conv2d(1, 7, Bias = false), Sigmoid]
    partial Block Score { get; }
}

[Gan(typeof(Conv4x4Generator), typeof(Conv4x4Discriminator), Name = "conv4x4",
     Recipe = GanRecipe.Standard, Loss = GanLoss.Bce, Batch = 64,
     Pixels = PixelRange.MinusOneOne, Init = InitScheme.PyTorchDefault, Latent = LatentDistribution.Normal)]
[Adam(Net.Generator, 2e-4, Beta1 = 0.5), Adam(Net.Discriminator, 2e-4, Beta1 = 0.5)]
public partial class Conv4x4;
