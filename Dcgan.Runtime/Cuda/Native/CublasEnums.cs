namespace Dcgan.Runtime.Cuda.Native;

// cuBLAS's enums with the values cublas_api.h and library_types.h document. Names drop the C prefix:
// CUBLAS_STATUS_NOT_INITIALIZED is CublasStatus.NotInitialized. Checked against the headers' text by DocumentedEnumTests.

/// <summary>cublasStatus_t, as cublas_api.h numbers it.</summary>
public enum CublasStatus
{
    Success = 0,
    NotInitialized = 1,
    AllocFailed = 3,
    InvalidValue = 7,
    ArchMismatch = 8,
    MappingError = 11,
    ExecutionFailed = 13,
    InternalError = 14,
    NotSupported = 15,
    LicenseError = 16,
}

/// <summary>cublasOperation_t: whether an operand is used as stored (N) or transposed (T; C conjugates too).</summary>
public enum CublasOperation
{
    N = 0,
    T = 1,
    C = 2,
}

/// <summary>cublasMath_t. DefaultMath keeps FP32 GEMMs in FP32; Tf32TensorOpMath lets them round inputs to TF32 (speed mode only).</summary>
public enum CublasMath
{
    DefaultMath = 0,
    TensorOpMath = 1,
    PedanticMath = 2,
    Tf32TensorOpMath = 3,
    MathDisallowReducedPrecisionReduction = 16,
}

/// <summary>cublasPointerMode_t: whether alpha and beta are read from host or device memory.</summary>
public enum CublasPointerMode
{
    Host = 0,
    Device = 1,
}

/// <summary>libraryPropertyType (library_types.h): which part of a library's version cublasGetProperty returns.</summary>
public enum LibraryPropertyType
{
    MajorVersion = 0,
    MinorVersion = 1,
    PatchLevel = 2,
}
