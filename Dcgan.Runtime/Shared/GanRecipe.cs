// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan;

/// <summary>The order of D's and G's updates in one training step (reference.py's <c>step</c>).</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum GanRecipe
{
    /// <summary>PyTorch DCGAN tutorial: D on real and on the detached fake (gradients summed); G scores the same fake.</summary>
    Standard,
    /// <summary>D's fake batch comes from G in eval mode; G's step samples a fresh batch in training mode.</summary>
    FreshFakeEvalG,
    /// <summary>D's loss is the mean of its real and fake terms; G's step samples a fresh batch.</summary>
    Averaged,
    /// <summary>G steps first; D then scores real images and the updated G's output for the same latents.</summary>
    GFirst,
}
