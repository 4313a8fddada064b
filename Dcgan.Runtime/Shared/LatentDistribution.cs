// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan;

/// <summary>What G's latent vectors are drawn from.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum LatentDistribution
{
    Normal,
    Uniform,
}
