namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// The kernel checks compile the generated CUDA source as C++ (g++) or as CUDA device code (clang): without the
/// compiler they are reported as skipped, not passed. (.ci/run installs both where they are missing.)
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

public sealed class ClangTheoryAttribute : TheoryAttribute
{
    public ClangTheoryAttribute()
    {
        if (CudaFrontEndTests.Clang is null)
            Skip = "clang is not on the PATH: the generated CUDA source is checked as device code by clang's CUDA front end";
    }
}

internal static class GxxMissing
{
    public const string Reason = "g++ is not on the PATH: the generated CUDA source is checked by compiling it as C++ against cuda_shim.h";
}
