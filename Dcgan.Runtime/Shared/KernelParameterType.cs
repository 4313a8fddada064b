// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan.Runtime;

/// <summary>
/// What a generated kernel's C parameter is, as far as packing its launch argument goes: the generator declares each
/// entry point's parameters with it, and the kernel table hands the same values to the executor. Whether a pointer is
/// <c>const</c> is a flag beside it (KernelParameter.IsConst); <see cref="KernelParameterCType"/> spells both in C.
/// </summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
enum KernelParameterType
{
    /// <summary><c>float*</c>: a tensor, a network's whole buffer, scratch.</summary>
    FloatPointer,
    /// <summary><c>unsigned long long*</c>: a device counter.</summary>
    CounterPointer,
    /// <summary><c>unsigned char*</c>: the dataset's bytes.</summary>
    BytePointer,
    /// <summary><c>int*</c>: the epoch's order, a correct count.</summary>
    IntPointer,
    /// <summary><c>int</c>: the batch n.</summary>
    Int,
    /// <summary><c>float</c> by value: a setting of the run (a learning rate, a dropout rate).</summary>
    Float,
    /// <summary><c>unsigned long long</c> by value: a seed or a Philox stream.</summary>
    UInt64,
}
