namespace Dcgan.Runtime;

/// <summary>What a stored tensor is, which decides how it is initialised and whether Adam updates it.</summary>
public enum TensorRole
{
    Weight,
    Bias,
    BatchNormWeight,
    BatchNormBias,
    RunningMean,
    RunningVar,
}
