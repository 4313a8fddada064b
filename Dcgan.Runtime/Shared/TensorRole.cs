// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan.Runtime;

/// <summary>What a parameter or buffer is for; decides its starting values.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum TensorRole
{
    Weight,
    Bias,
    BatchNormWeight,
    BatchNormBias,
    RunningMean,
    RunningVar,
}
