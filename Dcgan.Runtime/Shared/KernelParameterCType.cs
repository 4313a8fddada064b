// Shared source: compiled into Dcgan.Runtime (public) and linked into Dcgan.Generators (internal), so the generator
// reads the runtime's own values instead of keeping copies in step by hand.
namespace Dcgan.Runtime;

/// <summary>
/// The C spelling of a <see cref="KernelParameterType"/>: what the generator writes in an entry point's signature, and
/// what the runtime's messages quote, from the one table.
/// </summary>
#if BUILDING_DCGAN_GENERATOR
internal
#else
public
#endif
static class KernelParameterCType
{
    /// <summary>The C type of a parameter (<c>const float*</c>, <c>int</c>), <c>const</c> first where <paramref name="isConst"/>.</summary>
    public static string Of(KernelParameterType type, bool isConst)
    {
        string bare = type switch
        {
            KernelParameterType.FloatPointer => "float*",
            KernelParameterType.CounterPointer => "unsigned long long*",
            KernelParameterType.BytePointer => "unsigned char*",
            KernelParameterType.IntPointer => "int*",
            KernelParameterType.Int => "int",
            KernelParameterType.Float => "float",
            KernelParameterType.UInt64 => "unsigned long long",
            _ => throw new System.ArgumentOutOfRangeException(nameof(type), type, "no C type for this kernel parameter type"),
        };
        return isConst ? "const " + bare : bare;
    }

    /// <summary>Whether the launch passes a device address (as opposed to a value it copies).</summary>
    public static bool IsPointer(KernelParameterType type) =>
        type is KernelParameterType.FloatPointer or KernelParameterType.CounterPointer or KernelParameterType.BytePointer or KernelParameterType.IntPointer;
}
