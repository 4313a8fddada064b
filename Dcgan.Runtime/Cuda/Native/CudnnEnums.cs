namespace Dcgan.Runtime.Cuda.Native;

// cuDNN 9's enums with the values cudnn_graph.h, cudnn_ops.h and cudnn_cnn.h document (cuDNN 9 renumbered the
// statuses by category: 1xxx initialisation, 2xxx bad parameters, 3xxx not supported, 4xxx internal, 5xxx
// execution). Names drop the C prefix; enumerators the headers mark deprecated are left out. Checked against the
// headers' text by DocumentedEnumTests.

/// <summary>cudnnStatus_t.</summary>
public enum CudnnStatus
{
    Success = 0,
    NotInitialized = 1001,
    SublibraryVersionMismatch = 1002,
    SerializationVersionMismatch = 1003,
    Deprecated = 1004,
    LicenseError = 1005,
    RuntimeInProgress = 1006,
    RuntimeFpOverflow = 1007,
    SublibraryLoadingFailed = 1008,
    BadParam = 2000,
    BadParamNullPointer = 2002,
    BadParamMisalignedPointer = 2003,
    BadParamNotFinalized = 2004,
    BadParamOutOfBound = 2005,
    BadParamSizeInsufficient = 2006,
    BadParamStreamMismatch = 2007,
    BadParamShapeMismatch = 2008,
    BadParamDuplicatedEntries = 2009,
    BadParamAttributeType = 2010,
    BadParamCudaGraphMismatch = 2011,
    BadParamDescriptorType = 2012,
    NotSupported = 3000,
    NotSupportedGraphPattern = 3001,
    NotSupportedShape = 3002,
    NotSupportedDataType = 3003,
    NotSupportedLayout = 3004,
    NotSupportedIncompatibleCudaDriver = 3005,
    NotSupportedIncompatibleCudart = 3006,
    NotSupportedArchMismatch = 3007,
    NotSupportedRuntimePrerequisiteMissing = 3008,
    NotSupportedSublibraryUnavailable = 3009,
    NotSupportedSharedMemoryInsufficient = 3010,
    NotSupportedPadding = 3011,
    NotSupportedBadLaunchParam = 3012,
    NotSupportedCudaGraphNativeApi = 3013,
    InternalError = 4000,
    InternalErrorCompilationFailed = 4001,
    InternalErrorUnexpectedValue = 4002,
    InternalErrorHostAllocationFailed = 4003,
    InternalErrorDeviceAllocationFailed = 4004,
    InternalErrorBadLaunchParam = 4005,
    InternalErrorTextureCreationFailed = 4006,
    ExecutionFailed = 5000,
    ExecutionFailedCudaDriver = 5001,
    ExecutionFailedCublas = 5002,
    ExecutionFailedCudart = 5003,
    ExecutionFailedCurand = 5004,
}

/// <summary>cudnnDataType_t (those not deprecated that a float pipeline or its neighbours use).</summary>
public enum CudnnDataType
{
    Float = 0,
    Double = 1,
    Half = 2,
    Int8 = 3,
    Int32 = 4,
    Uint8 = 6,
    Bfloat16 = 9,
    Int64 = 10,
    Boolean = 11,
}

/// <summary>cudnnTensorFormat_t.</summary>
public enum CudnnTensorFormat
{
    Nchw = 0,
    Nhwc = 1,
    NchwVectC = 2,
}

/// <summary>cudnnConvolutionMode_t. PyTorch's Conv2d is a cross-correlation (the kernel is not flipped).</summary>
public enum CudnnConvolutionMode
{
    Convolution = 0,
    CrossCorrelation = 1,
}

/// <summary>cudnnMathType_t. FmaMath forbids tensor cores (and so TF32): parity mode's choice.</summary>
public enum CudnnMathType
{
    DefaultMath = 0,
    TensorOpMath = 1,
    TensorOpMathAllowConversion = 2,
    FmaMath = 3,
}

/// <summary>cudnnDeterminism_t, as the algorithm searches report it.</summary>
public enum CudnnDeterminism
{
    NonDeterministic = 0,
    Deterministic = 1,
}

/// <summary>cudnnConvolutionFwdAlgo_t.</summary>
public enum CudnnConvolutionFwdAlgo
{
    ImplicitGemm = 0,
    ImplicitPrecompGemm = 1,
    Gemm = 2,
    Direct = 3,
    Fft = 4,
    FftTiling = 5,
    Winograd = 6,
    WinogradNonfused = 7,
    Count = 8,
}

/// <summary>cudnnConvolutionBwdDataAlgo_t (ALGO_0 is Algo0).</summary>
public enum CudnnConvolutionBwdDataAlgo
{
    Algo0 = 0,
    Algo1 = 1,
    Fft = 2,
    FftTiling = 3,
    Winograd = 4,
    WinogradNonfused = 5,
    Count = 6,
}

/// <summary>cudnnConvolutionBwdFilterAlgo_t (ALGO_0 is Algo0).</summary>
public enum CudnnConvolutionBwdFilterAlgo
{
    Algo0 = 0,
    Algo1 = 1,
    Fft = 2,
    Algo3 = 3,
    Winograd = 4,
    WinogradNonfused = 5,
    FftTiling = 6,
    Count = 7,
}

/// <summary>cudnnBatchNormMode_t. Spatial is BatchNorm2d (one scale per channel over N, H and W); PerActivation is BatchNorm1d on a flat input.</summary>
public enum CudnnBatchNormMode
{
    PerActivation = 0,
    Spatial = 1,
    SpatialPersistent = 2,
}
