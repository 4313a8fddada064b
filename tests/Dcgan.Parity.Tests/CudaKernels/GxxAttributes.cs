namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// The kernel checks compile the generated CUDA source as C++: without g++ they are reported as skipped, not passed.
/// (.ci/run installs g++ where it is missing.)
/// </summary>
public sealed class GxxFactAttribute : FactAttribute
{
    public GxxFactAttribute()
    {
        if (!ShimLibrary.CompilerPresent) Skip = GxxMissing.Reason;
    }
}

public sealed class GxxTheoryAttribute : TheoryAttribute
{
    public GxxTheoryAttribute()
    {
        if (!ShimLibrary.CompilerPresent) Skip = GxxMissing.Reason;
    }
}

internal static class GxxMissing
{
    public const string Reason = "g++ is not on the PATH: the generated CUDA source is checked by compiling it as C++ against cuda_shim.h";
}
