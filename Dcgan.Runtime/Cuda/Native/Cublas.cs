using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cuda.Native;

/// <summary>
/// cuBLAS (libcublas.so.13 or .12, with its libcublasLt beside it), the _v2 API of cublas_v2.h. Handles and
/// streams are nint; matrices are device pointers (float*). Signatures are checked against cublas_api.h's
/// prototypes by BindingSignatureTests.
/// </summary>
internal static unsafe partial class Cublas
{
    private const string Library = "libcublas";

    static Cublas() => CudaLibraries.EnsureResolver();

    [LibraryImport(Library)] internal static partial CublasStatus cublasGetProperty(LibraryPropertyType type, int* value);
    [LibraryImport(Library)] internal static partial byte* cublasGetStatusName(CublasStatus status);
    [LibraryImport(Library)] internal static partial byte* cublasGetStatusString(CublasStatus status);

    [LibraryImport(Library)] internal static partial CublasStatus cublasCreate_v2(nint* handle);
    [LibraryImport(Library)] internal static partial CublasStatus cublasDestroy_v2(nint handle);
    [LibraryImport(Library)] internal static partial CublasStatus cublasGetVersion_v2(nint handle, int* version);
    [LibraryImport(Library)] internal static partial CublasStatus cublasSetStream_v2(nint handle, nint stream);
    [LibraryImport(Library)] internal static partial CublasStatus cublasSetMathMode(nint handle, CublasMath mode);
    [LibraryImport(Library)] internal static partial CublasStatus cublasSetPointerMode_v2(nint handle, CublasPointerMode mode);
    [LibraryImport(Library)] internal static partial CublasStatus cublasSetWorkspace_v2(nint handle, void* workspace, nuint workspaceBytes);

    [LibraryImport(Library)]
    internal static partial CublasStatus cublasSgemm_v2(nint handle, CublasOperation transA, CublasOperation transB, int m, int n, int k,
        float* alpha, float* a, int lda, float* b, int ldb, float* beta, float* c, int ldc);

    [LibraryImport(Library)]
    internal static partial CublasStatus cublasSgemmStridedBatched(nint handle, CublasOperation transA, CublasOperation transB, int m, int n, int k,
        float* alpha, float* a, int lda, long strideA, float* b, int ldb, long strideB, float* beta, float* c, int ldc, long strideC, int batchCount);

    /// <summary>Throws a <see cref="CudaException"/> naming the call unless <paramref name="status"/> is success.</summary>
    internal static void Check(CublasStatus status, [CallerArgumentExpression(nameof(status))] string call = "")
    {
        if (status != CublasStatus.Success) throw Failure(status, call);
    }

    internal static CudaException Failure(CublasStatus status, string call) =>
        StatusCheck.Failure(CudaLibrary.Cublas.Title, call, (int)status, Describe, value => Enum.GetName((CublasStatus)value));

    /// <summary>cublasGetStatusName and cublasGetStatusString; nothing when cuBLAS is not loaded.</summary>
    private static StatusText Describe(int status) => CudaLibraries.IsLoaded(CudaLibrary.Cublas)
        ? new StatusText(StatusCheck.Utf8(cublasGetStatusName((CublasStatus)status)), StatusCheck.Utf8(cublasGetStatusString((CublasStatus)status)))
        : default;
}
