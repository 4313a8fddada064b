// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan;

/// <summary>The range real images are scaled to, and G's output is expected in.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum PixelRange
{
    ZeroOne,
    MinusOneOne,
}
