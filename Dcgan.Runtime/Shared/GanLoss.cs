// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan;

/// <summary>How D's output is scored: BCE with logits (D ends in a linear layer) or BCE on probabilities (D ends in Sigmoid).</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum GanLoss
{
    BceWithLogits,
    Bce,
}
