using Dcgan;

namespace MyGan;

// Left out of the build unless -p:ShowBrokenGan=true: G makes 14x14 images (one upsampling too few) that D, declared
// for 28x28, cannot score. The build fails with DCGAN002 on the [Gan] attribute's generator argument.

[Generator(64)]
public partial class TooSmallGenerator
{
    [Linear(128 * 7 * 7), Relu]
    partial Block Project { get; }

    [Reshape(128, 7, 7)]
    partial Block Unflatten { get; }

    [Upsample(UpsampleMode.Nearest), Conv2d(1, 3, Padding = 1), Tanh]
    partial Block Up14 { get; }
}

[Discriminator(1, 28, 28)]
public partial class TooSmallDiscriminator
{
    [Conv2d(64, 4, Stride = 2, Padding = 1), LeakyRelu(0.2f)]
    partial Block Down14 { get; }

    [Flatten]
    partial Block Flat { get; }

    [Linear(1)]
    partial Block Score { get; }
}

[Gan(typeof(TooSmallGenerator), typeof(TooSmallDiscriminator), Name = "too_small")]
public partial class TooSmall;
