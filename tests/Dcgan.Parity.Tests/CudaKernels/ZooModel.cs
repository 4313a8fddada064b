using Dcgan.Models;
using Dcgan.Runtime;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>What the kernel checks need of one zoo model: its CUDA source and kernel table, and the settings its CPU step uses.</summary>
internal sealed record ZooModel(
    string Name,
    string CudaSource,
    IReadOnlyList<CudaKernelSpec> Kernels,
    LayerSpec[] Layers,
    TensorSpec[] Tensors,
    IReadOnlyDictionary<Net, AdamSettings> Adam,
    float DropoutRate,
    float InputNoise,
    PixelRange Pixels,
    LatentDistribution Latent,
    int ImageSize)
{
    /// <summary>Every GAN of the zoo and the MNIST judge (the zoo's classifier).</summary>
    public static IReadOnlyList<ZooModel> All { get; } =
        GanZoo.Models.Select(m => FromGan(m.Definition)).Append(FromClassifier(MnistJudge.Definition)).ToList();

    public static ZooModel Named(string name) => All.Single(m => m.Name == name);

    private static ZooModel FromGan(GanDefinition d) => new(d.Name, d.CudaSource, d.CudaKernels, d.Layers, d.Tensors,
        new Dictionary<Net, AdamSettings> { [Net.Generator] = d.GeneratorAdam, [Net.Discriminator] = d.DiscriminatorAdam },
        d.DropoutRate, d.InputNoise, d.Pixels, d.LatentDistribution, d.ImageSize);

    private static ZooModel FromClassifier(ClassifierDefinition d) => new(d.Name, d.CudaSource, d.CudaKernels, d.Layers, d.Tensors,
        new Dictionary<Net, AdamSettings> { [Net.Classifier] = d.Adam }, 0f, 0f, PixelRange.ZeroOne, LatentDistribution.Normal, d.ImageSize);

    public override string ToString() => Name;
}
