namespace Dcgan;

public enum Net
{
    Generator,
    Discriminator,
    /// <summary>The one network of a [Classifier].</summary>
    Classifier,
}

/// <summary>The order of D's and G's updates in one training step (reference.py's <c>step</c>).</summary>
public enum GanRecipe
{
    /// <summary>PyTorch DCGAN tutorial: D on real and on the detached fake (gradients summed); G scores the same fake.</summary>
    Standard,
    /// <summary>D's fake batch comes from G in eval mode; G's step samples a fresh batch in training mode.</summary>
    FreshFakeEvalG,
    /// <summary>D's loss is the mean of its real and fake terms; G's step samples a fresh batch.</summary>
    Averaged,
    /// <summary>G steps first; D then scores real images and the updated G's output for the same latents.</summary>
    GFirst,
}

/// <summary>How D's output is scored: BCE with logits (D ends in a linear layer) or BCE on probabilities (D ends in Sigmoid).</summary>
public enum GanLoss
{
    BceWithLogits,
    Bce,
}

public enum PixelRange
{
    ZeroOne,
    MinusOneOne,
}

public enum InitScheme
{
    /// <summary>PyTorch's own defaults (Kaiming-uniform weights, uniform biases; BN weight 1, bias 0).</summary>
    PyTorchDefault,
    /// <summary>DCGAN paper: conv weights N(0, 0.02), BN weight N(1, 0.02), BN bias 0.</summary>
    DcganNormal,
    /// <summary>Keras: Glorot-uniform weights, zero biases.</summary>
    GlorotUniform,
}

public enum LatentDistribution
{
    Normal,
    Uniform,
}

/// <summary>Pairs a generator with a discriminator and fixes the training recipe compiled into the step.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GanAttribute(Type generator, Type discriminator) : Attribute
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
public sealed class AdamAttribute(Net net, double learningRate) : Attribute
{
    public Net Net { get; } = net;
    public double LearningRate { get; } = learningRate;
    public double Beta1 { get; set; } = 0.9;
    public double Beta2 { get; set; } = 0.999;
    public double Eps { get; set; } = 1e-8;
    public double WeightDecay { get; set; }
}
