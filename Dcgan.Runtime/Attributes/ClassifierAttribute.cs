namespace Dcgan;

/// <summary>
/// Marks a partial class as a classifier of images of the given shape (C, H, W): its layers end in a
/// Linear(classes) with no activation, trained with softmax cross-entropy against integer labels by
/// Adam. The generator compiles its training step and an eval-mode pass that also returns the
/// penultimate features (the input of the last Linear), which FID measures distances in.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ClassifierAttribute(params int[] imageShape) : Attribute
{
    public int[] ImageShape { get; } = imageShape;
    /// <summary>The name a CLI uses for it; defaults to the class name in snake_case.</summary>
    public string? Name { get; set; }
    public int Batch { get; set; } = 128;
    public InitScheme Init { get; set; } = InitScheme.PyTorchDefault;
    public double LearningRate { get; set; } = 1e-3;
    public double Beta1 { get; set; } = 0.9;
    public double Beta2 { get; set; } = 0.999;
    public double WeightDecay { get; set; }
}
