using Dcgan;

namespace Dcgan.Models;

// 000_34329fecbbe06506: a Linear + BatchNorm1d generator and a small conv discriminator on MNIST.
// D scores real images against G's output in eval mode; G's step draws a fresh batch (fresh_fake_eval_g).

[Generator(100)]
public partial class FcConvMnistGenerator
{
    [Linear(784), BatchNorm, LeakyRelu(0.01f)]
    partial Block Project { get; }

    [Reshape(16, 7, 7)]
    partial Block Unflatten { get; }

    [ConvTranspose2d(32, 5, Stride = 2, Padding = 2, OutputPadding = 1, Bias = false), BatchNorm, LeakyRelu(0.01f)]
    partial Block Up14 { get; }

    [ConvTranspose2d(1, 5, Stride = 2, Padding = 2, OutputPadding = 1, Bias = false), Sigmoid]
    partial Block Up28 { get; }
}

[Discriminator(1, 28, 28)]
public partial class FcConvMnistDiscriminator
{
    [Conv2d(32, 5, Stride = 2, Padding = 2, Bias = false), LeakyRelu(0.01f)]
    partial Block Down14 { get; }

    [Conv2d(16, 5, Stride = 2, Padding = 2, Bias = false), BatchNorm, LeakyRelu(0.01f)]
    partial Block Down7 { get; }

    [Flatten]
    partial Block Flat { get; }

    [Linear(784), BatchNorm, LeakyRelu(0.01f)]
    partial Block Hidden { get; }

    [Linear(1)]
    partial Block Score { get; }
}

[Gan(typeof(FcConvMnistGenerator), typeof(FcConvMnistDiscriminator),
     Recipe = GanRecipe.FreshFakeEvalG, Loss = GanLoss.BceWithLogits, Batch = 64,
     Pixels = PixelRange.ZeroOne, Init = InitScheme.PyTorchDefault, Latent = LatentDistribution.Normal)]
[Adam(Net.Generator, 1e-3), Adam(Net.Discriminator, 1e-4)]
public partial class FcConvMnist;
