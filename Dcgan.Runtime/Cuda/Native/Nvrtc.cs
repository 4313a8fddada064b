using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cuda.Native;

/// <summary>nvrtcResult, as nvrtc.h numbers it.</summary>
public enum NvrtcResult
{
    Success = 0,
    OutOfMemory = 1,
    ProgramCreationFailure = 2,
    InvalidInput = 3,
    InvalidProgram = 4,
    InvalidOption = 5,
    Compilation = 6,
    BuiltinOperationFailure = 7,
    NoNameExpressionsAfterCompilation = 8,
    NoLoweredNamesBeforeCompilation = 9,
    NameExpressionNotValid = 10,
    InternalError = 11,
    TimeFileWriteFailed = 12,
}

/// <summary>
/// NVRTC (libnvrtc.so.13 or .12): compiles the generator's CUDA C to a CUBIN for the GPU at hand. Programs are
/// nint handles. Signatures are checked against nvrtc.h's prototypes by BindingSignatureTests.
/// </summary>
internal static unsafe partial class Nvrtc
{
    private const string Library = "libnvrtc";

    static Nvrtc() => CudaLibraries.EnsureResolver();

    [LibraryImport(Library)] internal static partial NvrtcResult nvrtcVersion(int* major, int* minor);
    [LibraryImport(Library)] internal static partial byte* nvrtcGetErrorString(NvrtcResult result);
    [LibraryImport(Library)] internal static partial NvrtcResult nvrtcGetNumSupportedArchs(int* count);
    [LibraryImport(Library)] internal static partial NvrtcResult nvrtcGetSupportedArchs(int* architectures);

    [LibraryImport(Library)]
    internal static partial NvrtcResult nvrtcCreateProgram(nint* program, byte* source, byte* name, int headerCount, byte** headers, byte** includeNames);
    [LibraryImport(Library)] internal static partial NvrtcResult nvrtcDestroyProgram(nint* program);
    [LibraryImport(Library)] internal static partial NvrtcResult nvrtcCompileProgram(nint program, int optionCount, byte** options);
    [LibraryImport(Library)] internal static partial NvrtcResult nvrtcGetProgramLogSize(nint program, nuint* size);
    [LibraryImport(Library)] internal static partial NvrtcResult nvrtcGetProgramLog(nint program, byte* log);
    [LibraryImport(Library)] internal static partial NvrtcResult nvrtcGetCUBINSize(nint program, nuint* size);
    [LibraryImport(Library)] internal static partial NvrtcResult nvrtcGetCUBIN(nint program, byte* cubin);

    /// <summary>Throws a <see cref="CudaException"/> naming the call unless <paramref name="result"/> is success.</summary>
    internal static void Check(NvrtcResult result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != NvrtcResult.Success) throw Failure(result, call);
    }

    /// <summary>The exception for a failed call; <paramref name="log"/>, a compilation's log, becomes its description.</summary>
    internal static CudaException Failure(NvrtcResult result, string call, string? log = null) =>
        StatusCheck.Failure(CudaLibrary.Nvrtc.Title, call, (int)result, status => new StatusText(Name(status), log), status => Enum.GetName((NvrtcResult)status));

    /// <summary>nvrtcGetErrorString, which gives the status's name (NVRTC_ERROR_COMPILATION); nothing when NVRTC is not loaded.</summary>
    private static string? Name(int status) =>
        CudaLibraries.IsLoaded(CudaLibrary.Nvrtc) ? StatusCheck.Utf8(nvrtcGetErrorString((NvrtcResult)status)) : null;
}
