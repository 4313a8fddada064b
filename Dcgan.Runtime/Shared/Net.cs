// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan;

/// <summary>Which network a tensor, layer or optimizer belongs to.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum Net
{
    Generator,
    Discriminator,
    /// <summary>The one network of a [Classifier].</summary>
    Classifier,
}
