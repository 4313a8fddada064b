// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan;

/// <summary>How [Upsample] fills the pixels it adds.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum UpsampleMode
{
    /// <summary>nn.Upsample(mode="nearest"): each pixel becomes a 2x2 block.</summary>
    Nearest,
    /// <summary>nn.Upsample(mode="bilinear", align_corners=False).</summary>
    Bilinear,
}
