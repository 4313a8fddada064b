namespace Dcgan.Runtime;

/// <summary>
/// The ranges a training setting must lie in, shared by the CLI's flags and the config.json a resumed run is
/// read back from: a value outside them is a typo or a damaged file, never a run anyone meant.
/// </summary>
public static class TrainingLimits
{
    public const int MaxBatchSize = 65536;
    public const int MaxEpochs = 100_000;
    /// <summary>Adam's step size: positive, and at most 1 (the zoo uses 1e-4 to 2e-3).</summary>
    public const float MaxLearningRate = 1f;

    public static bool IsBatchSize(long value) => value is >= 1 and <= MaxBatchSize;
    public static bool IsEpochCount(long value) => value is >= 1 and <= MaxEpochs;
    public static bool IsLearningRate(float value) => value > 0f && value <= MaxLearningRate;
    /// <summary>Adam's decay rates lie in [0, 1): at 1 the moment estimates never forget and the bias correction divides by zero.</summary>
    public static bool IsBeta(float value) => value >= 0f && value < 1f;
    public static bool IsDropoutRate(float value) => value >= 0f && value < 1f;
    public static bool IsLabelSmoothing(float value) => value >= 0f && value <= 1f;
    public static bool IsNoiseSigma(float value) => value >= 0f && float.IsFinite(value);

    /// <summary>Settings Adam can run with: a learning rate and betas as above, eps positive, weight decay finite and not negative.</summary>
    public static bool IsAdam(AdamSettings adam)
        => IsLearningRate(adam.LearningRate) && IsBeta(adam.Beta1) && IsBeta(adam.Beta2)
           && adam.Eps > 0f && float.IsFinite(adam.Eps) && adam.WeightDecay >= 0f && float.IsFinite(adam.WeightDecay);
}
