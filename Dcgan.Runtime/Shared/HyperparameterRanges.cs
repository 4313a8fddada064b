// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal). The one table of
// allowed values: the generator reports a declared value outside it as DCGAN004, the CLI refuses a flag outside it,
// and a resumed run refuses a config.json outside it.
namespace Dcgan;

/// <summary>The interval each hyperparameter must lie in, wherever it is set: an attribute, a flag or a saved config.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
static class HyperparameterRanges
{
    /// <summary>Images per step: [Gan(Batch = ...)] and --batch-size.</summary>
    public static HyperparameterRange BatchSize { get; } = HyperparameterRange.Closed(1, 65536);
    /// <summary>Passes over the dataset: --epochs.</summary>
    public static HyperparameterRange Epochs { get; } = HyperparameterRange.Closed(1, 100_000);
    /// <summary>Adam's step size: positive, and at most 1 (the zoo uses 1e-4 to 2e-3).</summary>
    public static HyperparameterRange LearningRate { get; } = HyperparameterRange.OpenClosed(0, 1);
    /// <summary>Adam's decay rates: at 1 the moment estimates never forget and the bias correction divides by zero.</summary>
    public static HyperparameterRange Beta { get; } = HyperparameterRange.ClosedOpen(0, 1);
    /// <summary>Adam's epsilon, added to the square root of the second moment.</summary>
    public static HyperparameterRange AdamEps { get; } = HyperparameterRange.Above(0);
    /// <summary>Adam's L2 weight decay.</summary>
    public static HyperparameterRange WeightDecay { get; } = HyperparameterRange.AtLeast(0);
    /// <summary>Two-sided smoothing of D's targets (real 1 - s/2, fake s/2): at 1 both targets are 0.5 and D learns nothing.</summary>
    public static HyperparameterRange LabelSmoothing { get; } = HyperparameterRange.ClosedOpen(0, 1);
    /// <summary>The probability a unit is zeroed: at 1 nothing is left to scale back up.</summary>
    public static HyperparameterRange DropoutRate { get; } = HyperparameterRange.ClosedOpen(0, 1);
    /// <summary>The standard deviation of the Gaussian noise added to D's input.</summary>
    public static HyperparameterRange NoiseSigma { get; } = HyperparameterRange.AtLeast(0);
    /// <summary>Batch norm's epsilon, added to the variance.</summary>
    public static HyperparameterRange BatchNormEps { get; } = HyperparameterRange.Above(0);
    /// <summary>Batch norm's running-statistics momentum, PyTorch's convention (TensorFlow's decay 0.99 is 0.01).</summary>
    public static HyperparameterRange BatchNormMomentum { get; } = HyperparameterRange.Closed(0, 1);
    /// <summary>LeakyReLU's negative slope.</summary>
    public static HyperparameterRange NegativeSlope { get; } = HyperparameterRange.AtLeast(0);
}
