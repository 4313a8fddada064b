using Dcgan;

namespace Dcgan.Models;

// 004_3819ef7b857009d4 (the TensorFlow DCGAN tutorial style): a 7x7 valid transposed convolution, then
// two 5x5 stride-2 ones; TensorFlow's batch-norm defaults (eps 1e-3, decay 0.99 = momentum 0.01),
// Glorot-uniform weights, a uniform latent, and the generator steps first (g_first).

[Generator(100, 1, 1)]
public partial class TfDcganGenerator
{
    [ConvTranspose2d(256, 7, Bias = false), BatchNorm(Eps = 1e-3, Momentum = 0.01), LeakyRelu(0.2f)]
    partial Block Project { get; }

    [ConvTranspose2d(128, 5, Stride = 2, Padding = 2, OutputPadding = 1, Bias = false), BatchNorm(Eps = 1e-3, Momentum = 0.01), LeakyRelu(0.2f)]
    partial Block Up14 { get; }

    [ConvTranspose2d(1, 5, Stride = 2, Padding = 2, OutputPadding = 1), Tanh]
    partial Block Up28 { get; }
}

[Discriminator(1, 28, 28)]
public partial class TfDcganDiscriminator
{
    [Conv2d(128, 5, Stride = 2, Padding = 2, Bias = false), BatchNorm(Eps = 1e-3, Momentum = 0.01), LeakyRelu(0.2f)]
    partial Block Down14 { get; }

    [Conv2d(256, 5, Stride = 2, Padding = 2, Bias = false), BatchNorm(Eps = 1e-3, Momentum = 0.01), LeakyRelu(0.2f)]
    partial Block Down7 { get; }

    [Conv2d(1, 7), Sigmoid]
    partial Block Score { get; }
}

[Gan(typeof(TfDcganGenerator), typeof(TfDcganDiscriminator), Name = "tf_dcgan",
     Recipe = GanRecipe.GFirst, Loss = GanLoss.Bce, Batch = 128,
     Pixels = PixelRange.MinusOneOne, Init = InitScheme.GlorotUniform, Latent = LatentDistribution.Uniform)]
[Adam(Net.Generator, 2e-4, Beta1 = 0.5), Adam(Net.Discriminator, 2e-4, Beta1 = 0.5)]
public partial class TfDcgan;
