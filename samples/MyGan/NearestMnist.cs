using Dcgan;

namespace MyGan;

// A GAN the zoo does not have: G projects the latent vector to 128 x 7 x 7 and doubles it twice with nearest-neighbour
// upsampling, each followed by a 3x3 convolution (no transposed convolutions, so no checkerboard pattern); D is two
// strided convolutions and one linear score. D's loss is the mean of its real and fake terms with one-sided
// smoothing of 0.1, and the weights start from Glorot-uniform draws.

[Generator(64)]
public partial class NearestMnistGenerator
{
    [Linear(128 * 7 * 7), Relu]
    partial Block Project { get; }

    [Reshape(128, 7, 7)]
    partial Block Unflatten { get; }

    [Upsample(UpsampleMode.Nearest), Conv2d(64, 3, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Up14 { get; }

    [Upsample(UpsampleMode.Nearest), Conv2d(1, 3, Padding = 1), Tanh]
    partial Block Up28 { get; }
}

[Discriminator(1, 28, 28)]
public partial class NearestMnistDiscriminator
{
    [Conv2d(64, 4, Stride = 2, Padding = 1), LeakyRelu(0.2f)]
    partial Block Down14 { get; }

    [Conv2d(128, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)]
    partial Block Down7 { get; }

    [Flatten]
    partial Block Flat { get; }

    [Linear(1)]
    partial Block Score { get; }
}

[Gan(typeof(NearestMnistGenerator), typeof(NearestMnistDiscriminator), Name = "nearest_mnist",
     Recipe = GanRecipe.Averaged, Loss = GanLoss.BceWithLogits, Batch = 64, LabelSmoothing = 0.1,
     Pixels = PixelRange.MinusOneOne, Init = InitScheme.GlorotUniform, Latent = LatentDistribution.Normal)]
[Adam(Net.Generator, 2e-4, Beta1 = 0.5), Adam(Net.Discriminator, 2e-4, Beta1 = 0.5)]
public partial class NearestMnist;
