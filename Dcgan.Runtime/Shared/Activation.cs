// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan.Runtime;

/// <summary>An elementwise activation fused into the op that precedes it.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum Activation
{
    None,
    Relu,
    LeakyRelu,
    Sigmoid,
    Tanh,
}
