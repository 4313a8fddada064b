namespace Dcgan.Generators.Tests;

/// <summary>Model declarations for the driver tests.</summary>
internal static class Sources
{
    public const string Header = "using Dcgan;\nnamespace Test.Models;\n";

    /// <summary>fc_conv_mnist as the zoo declares it.</summary>
    public const string FcConvMnist = Header + """
        [Generator(100)]
        public partial class G
        {
            [Linear(784), BatchNorm, LeakyRelu(0.01f)] partial Block Project { get; }
            [Reshape(16, 7, 7)] partial Block Unflatten { get; }
            [ConvTranspose2d(32, 5, Stride = 2, Padding = 2, OutputPadding = 1, Bias = false), BatchNorm, LeakyRelu(0.01f)] partial Block Up14 { get; }
            [ConvTranspose2d(1, 5, Stride = 2, Padding = 2, OutputPadding = 1, Bias = false), Sigmoid] partial Block Up28 { get; }
        }
        [Discriminator(1, 28, 28)]
        public partial class D
        {
            [Conv2d(32, 5, Stride = 2, Padding = 2, Bias = false), LeakyRelu(0.01f)] partial Block Down14 { get; }
            [Conv2d(16, 5, Stride = 2, Padding = 2, Bias = false), BatchNorm, LeakyRelu(0.01f)] partial Block Down7 { get; }
            [Flatten] partial Block Flat { get; }
            [Linear(784), BatchNorm, LeakyRelu(0.01f)] partial Block Hidden { get; }
            [Linear(1)] partial Block Score { get; }
        }
        [Gan(typeof(G), typeof(D), Recipe = GanRecipe.FreshFakeEvalG, Pixels = PixelRange.ZeroOne)]
        [Adam(Net.Generator, 1e-3), Adam(Net.Discriminator, 1e-4)]
        public partial class FcConvMnist;
        """;

    /// <summary>002_0fe5a3863b769846 as its text is written: three 4x4 transposed convs make 16x16 images; D takes 28x28.</summary>
    public const string Conv4x4AsWritten = Header + """
        [Generator(100, 1, 1)]
        public partial class G
        {
            [ConvTranspose2d(256, 4, Bias = false), BatchNorm, Relu] partial Block Up4 { get; }
            [ConvTranspose2d(128, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu] partial Block Up8 { get; }
            [ConvTranspose2d(1, 4, Stride = 2, Padding = 1, Bias = false), Tanh] partial Block Up16 { get; }
        }
        [Discriminator(1, 28, 28)]
        public partial class D
        {
            [Conv2d(128, 4, Stride = 2, Padding = 1, Bias = false), LeakyRelu(0.2f)] partial Block Down14 { get; }
            [Conv2d(256, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, LeakyRelu(0.2f)] partial Block Down7 { get; }
            [Conv2d(1, 7, Bias = false), Sigmoid] partial Block Score { get; }
        }
        [Gan(typeof(G), typeof(D), Loss = GanLoss.Bce)]
        public partial class Conv4x4;
        """;
}
