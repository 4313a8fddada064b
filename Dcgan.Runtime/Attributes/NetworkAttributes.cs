namespace Dcgan;

/// <summary>Marks a partial class as a generator network fed with latent vectors of the given shape.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GeneratorAttribute(params int[] latentShape) : Attribute
{
    public int[] LatentShape { get; } = latentShape;
}

/// <summary>Marks a partial class as a discriminator that scores images of the given shape (C, H, W).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DiscriminatorAttribute(params int[] imageShape) : Attribute
{
    public int[] ImageShape { get; } = imageShape;
}

/// <summary>
/// A named group of consecutive layers. A network declares <c>partial Block Name { get; }</c>
/// properties carrying layer attributes; layer i of the network is the i-th layer attribute
/// in declaration order, which is also its index in PyTorch's flat nn.Sequential.
/// </summary>
public sealed class Block(string name, int firstLayer, int layerCount)
{
    public string Name { get; } = name;
    public int FirstLayer { get; } = firstLayer;
    public int LayerCount { get; } = layerCount;
    public override string ToString() => $"{Name} (layers {FirstLayer}..{FirstLayer + LayerCount - 1})";
}
