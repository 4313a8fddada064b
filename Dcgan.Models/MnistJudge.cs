using Dcgan;

namespace Dcgan.Models;

// The judge of `dcgan-cli eval`: a small convolutional classifier of 28x28 digits (pixels in [0, 1]) whose
// 128 penultimate features are the space FID is measured in, as Inception's pool features are for photos.
// Trained once by `dcgan-cli train-judge` with the project's own compiled step; its weights ship in
// judge/, so every FID this project reports is measured with the same network.

[Classifier(1, 28, 28, Name = "mnist_judge", Batch = 128, LearningRate = 1e-3)]
public partial class MnistJudge
{
    [Conv2d(32, 3, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Conv28 { get; }

    [Conv2d(64, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Down14 { get; }

    [Conv2d(64, 4, Stride = 2, Padding = 1, Bias = false), BatchNorm, Relu]
    partial Block Down7 { get; }

    [Flatten]
    partial Block Flat { get; }

    [Linear(128, Bias = false), BatchNorm, Relu]
    partial Block Features { get; }

    [Linear(10)]
    partial Block Logits { get; }
}
