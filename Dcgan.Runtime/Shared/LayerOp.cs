// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan.Runtime;

/// <summary>What a layer computes (one per layer attribute: <c>[Conv2d]</c> is <see cref="Conv2d"/>).</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum LayerOp
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
