// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// names these attributes and their properties with nameof instead of keeping their names as strings.
using System;

namespace Dcgan;

/// <summary>Pairs a generator with a discriminator and fixes the training recipe compiled into the step.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class GanAttribute(Type generator, Type discriminator) : Attribute
{
    public Type Generator { get; } = generator;
    public Type Discriminator { get; } = discriminator;
    /// <summary>The zoo name (CLI <c>--model</c>); defaults to the class name in snake_case.</summary>
    public string? Name { get; set; }
    public GanRecipe Recipe { get; set; } = GanRecipe.Standard;
    public GanLoss Loss { get; set; } = GanLoss.BceWithLogits;
    public int Batch { get; set; } = 64;
    public PixelRange Pixels { get; set; } = PixelRange.MinusOneOne;
    public InitScheme Init { get; set; } = InitScheme.PyTorchDefault;
    public LatentDistribution Latent { get; set; } = LatentDistribution.Normal;
    /// <summary>Two-sided smoothing of D's targets: real 1 - s/2, fake s/2.</summary>
    public double LabelSmoothing { get; set; }
}

/// <summary>PyTorch's Adam (L2 weight decay added to the gradient, not AdamW) for one network.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
sealed class AdamAttribute(Net net, double learningRate) : Attribute
{
    public Net Net { get; } = net;
    public double LearningRate { get; } = learningRate;
    public double Beta1 { get; set; } = 0.9;
    public double Beta2 { get; set; } = 0.999;
    public double Eps { get; set; } = 1e-8;
    public double WeightDecay { get; set; }
}
