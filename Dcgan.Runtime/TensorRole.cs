namespace Dcgan.Runtime;

/// <summary>What a parameter or buffer is for; decides its starting values.</summary>
public enum TensorRole
{
    Weight,
    Bias,
    BatchNormWeight,
    BatchNormBias,
    RunningMean,
    RunningVar,
}
