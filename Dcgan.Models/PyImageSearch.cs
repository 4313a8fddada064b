using Dcgan;

namespace Dcgan.Models;

// 001_9fedd374639421ad (PyImageSearch): four transposed convolutions with ReLU *before* batch norm,
// a Tanh output in [-1, 1]; a small conv + dense discriminator ending in Sigmoid, trained with BCE
// on probabilities and L2 weight decay in Adam. The PyTorch DCGAN tutorial's update order (standard).

[Generator(100, 1, 1)]
public partial class PyImageSearchGenerator
{
    [ConvTranspose2d(128, 4, Stride = 2, Bias = false), Relu, BatchNorm]
    partial Block Up4 { get; }

    [ConvTranspose2d(64, 3, Stride = 2, Padding = 1, Bias = false), Relu, BatchNorm]
    partial Block Up7 { get; }

    [ConvTranspose2d(32, 4, Stride = 2, Padding = 1, Bias = false), Relu, BatchNorm]
    partial Block Up14 { get; }

    [ConvTranspose2d(1, 4, Stride = 2, Padding = 1, Bias = false), Tanh]
    partial Block Up28 { get; }
}

[Discriminator(1, 28, 28)]
public partial class PyImageSearchDiscriminator
{
    [Conv2d(32, 4, Stride = 2, Padding = 1), LeakyRelu(0.2f)]
    partial Block Down14 { get; }

    [Conv2d(64, 4, Stride = 2, Padding = 1), LeakyRelu(0.2f)]
    partial Block Down7 { get; }

    [Flatten]
    partial Block Flat { get; }

    [Linear(512), LeakyRelu(0.2f)]
    partial Block Hidden { get; }

    [Linear(1), Sigmoid]
    partial Block Score { get; }
}

[Gan(typeof(PyImageSearchGenerator), typeof(PyImageSearchDiscriminator), Name = "pyimagesearch",
     Recipe = GanRecipe.Standard, Loss = GanLoss.Bce, Batch = 128,
     Pixels = PixelRange.MinusOneOne, Init = InitScheme.DcganNormal, Latent = LatentDistribution.Normal)]
[Adam(Net.Generator, 2e-4, Beta1 = 0.5, WeightDecay = 1e-5), Adam(Net.Discriminator, 2e-4, Beta1 = 0.5, WeightDecay = 1e-5)]
public partial class PyImageSearch;
