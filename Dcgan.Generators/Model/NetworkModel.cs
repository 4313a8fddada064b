using Dcgan.Runtime;

namespace Dcgan.Generators.Model
{
    /// <summary>One layer attribute as written. Fields a kind does not use keep their defaults.</summary>
    internal sealed record LayerModel(
        int Index,
        LayerOp Kind,
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
        UpsampleMode UpsampleMode,
        int Scale,
        double Rate,
        EquatableArray<int> Shape,
        LocationInfo? Location)
    {
        public bool IsActivation => Kind is LayerOp.LeakyRelu or LayerOp.Relu or LayerOp.Sigmoid or LayerOp.Tanh;
        public bool IsView => Kind is LayerOp.Flatten or LayerOp.Reshape;
        /// <summary>Dropout and GaussianNoise: random in training mode, the identity in eval mode.</summary>
        public bool IsStochastic => Kind is LayerOp.Dropout or LayerOp.GaussianNoise;
    }

    /// <summary>A <c>partial Block Name { get; }</c> property whose implementation the generator writes.</summary>
    internal sealed record BlockModel(string Name, string Modifiers, int FirstLayer, int LayerCount);

    /// <summary>A [Generator], [Discriminator] or [Classifier] class: which network it is, its input shape and its layers in order.</summary>
    internal sealed record NetworkModel(
        string Namespace,
        string TypeName,
        string FullName,
        Net Net,
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
        GanRecipe Recipe,
        GanLoss Loss,
        int Batch,
        PixelRange Pixels,
        InitScheme Init,
        LatentDistribution LatentDistribution,
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
        InitScheme Init,
        AdamModel Adam,
        NetworkModel Network,
        EquatableArray<DiagnosticInfo> Diagnostics);
}
