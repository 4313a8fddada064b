// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan;

/// <summary>How a network's parameters get their starting values.</summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum InitScheme
{
    /// <summary>PyTorch's own defaults (Kaiming-uniform weights, uniform biases; BN weight 1, bias 0).</summary>
    PyTorchDefault,
    /// <summary>DCGAN paper: conv weights N(0, 0.02), BN weight N(1, 0.02), BN bias 0.</summary>
    DcganNormal,
    /// <summary>Keras: Glorot-uniform weights, zero biases.</summary>
    GlorotUniform,
}
