namespace Dcgan.Generators.Model
{
    internal enum LayerKind
    {
        Linear,
        Conv2d,
        ConvTranspose2d,
        BatchNorm,
        LeakyRelu,
        Relu,
        Sigmoid,
        Tanh,
        Flatten,
        Reshape,
        Upsample,
        Dropout,
        GaussianNoise,
    }

    /// <summary>One layer attribute as written. Fields a kind does not use keep their defaults.</summary>
    internal sealed record LayerModel(
        int Index,
        LayerKind Kind,
        string Block,
        int Size,
        int Kernel,
        int Stride,
        int Padding,
        int OutputPadding,
        bool Bias,
        double Eps,
        double Momentum,
        float Slope,
        int UpsampleMode,
        int Scale,
        double Rate,
        EquatableArray<int> Shape,
        LocationInfo? Location)
    {
        public bool IsActivation => Kind is LayerKind.LeakyRelu or LayerKind.Relu or LayerKind.Sigmoid or LayerKind.Tanh;
        public bool IsView => Kind is LayerKind.Flatten or LayerKind.Reshape;
        /// <summary>Dropout and GaussianNoise: random in training mode, the identity in eval mode.</summary>
        public bool IsStochastic => Kind is LayerKind.Dropout or LayerKind.GaussianNoise;
        public const int Nearest = 0, Bilinear = 1;
    }

    /// <summary>A <c>partial Block Name { get; }</c> property whose implementation the generator writes.</summary>
    internal sealed record BlockModel(string Name, string Modifiers, int FirstLayer, int LayerCount);

    /// <summary>A [Generator] or [Discriminator] class: its input shape and its layers in order.</summary>
    internal sealed record NetworkModel(
        string Namespace,
        string TypeName,
        string FullName,
        bool IsGenerator,
        EquatableArray<int> InputShape,
        EquatableArray<LayerModel> Layers,
        EquatableArray<BlockModel> Blocks,
        EquatableArray<DiagnosticInfo> Diagnostics,
        LocationInfo? Location);

    internal sealed record AdamModel(double LearningRate, double Beta1, double Beta2, double Eps, double WeightDecay);

    /// <summary>A [Gan] class: which networks, which recipe, loss and optimizer settings.</summary>
    internal sealed record GanModel(
        string Namespace,
        string TypeName,
        string Name,
        string GeneratorType,
        string DiscriminatorType,
        int Recipe,
        int Loss,
        int Batch,
        int Pixels,
        int Init,
        int LatentDistribution,
        double LabelSmoothing,
        AdamModel GeneratorAdam,
        AdamModel DiscriminatorAdam,
        EquatableArray<DiagnosticInfo> Diagnostics,
        LocationInfo? Location,
        LocationInfo? GeneratorArgumentLocation);
}

namespace Dcgan.Generators.Model
{
    /// <summary>A [Classifier] class: its network (layers and image shape) and how it is trained.</summary>
    internal sealed record ClassifierModel(
        string Name,
        int Batch,
        int Init,
        AdamModel Adam,
        NetworkModel Network,
        EquatableArray<DiagnosticInfo> Diagnostics);
}
