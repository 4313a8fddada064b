namespace Dcgan.Runtime.Cuda.Native;

// The driver API's enums that the bindings use, with the values cuda.h documents (CUDA 12 and 13 agree on
// these). Names drop the C prefix: CUDA_ERROR_OUT_OF_MEMORY is CudaResult.OutOfMemory. Checked against the
// header's text by DocumentedEnumTests.

/// <summary>CUresult: the statuses a caller can act on or should recognise; any other comes back as a number with cuGetErrorName's name.</summary>
public enum CudaResult
{
    Success = 0,
    InvalidValue = 1,
    OutOfMemory = 2,
    NotInitialized = 3,
    Deinitialized = 4,
    StubLibrary = 34,
    DeviceUnavailable = 46,
    NoDevice = 100,
    InvalidDevice = 101,
    InvalidImage = 200,
    InvalidContext = 201,
    NoBinaryForGpu = 209,
    EccUncorrectable = 214,
    InvalidPtx = 218,
    UnsupportedPtxVersion = 222,
    InvalidSource = 300,
    OperatingSystem = 304,
    InvalidHandle = 400,
    IllegalState = 401,
    NotFound = 500,
    NotReady = 600,
    IllegalAddress = 700,
    LaunchOutOfResources = 701,
    LaunchTimeout = 702,
    LaunchFailed = 719,
    NotSupported = 801,
    SystemNotReady = 802,
    SystemDriverMismatch = 803,
    CompatNotSupportedOnDevice = 804,
    StreamCaptureUnsupported = 900,
    StreamCaptureInvalidated = 901,
    StreamCaptureUnmatched = 903,
    StreamCaptureWrongThread = 908,
    Unknown = 999,
}

/// <summary>CUdevice_attribute: those doctor and the launchers read.</summary>
public enum CudaDeviceAttribute
{
    MaxThreadsPerBlock = 1,
    WarpSize = 10,
    MultiprocessorCount = 16,
    ComputeMode = 20,
    ComputeCapabilityMajor = 75,
    ComputeCapabilityMinor = 76,
    MaxSharedMemoryPerBlockOptin = 97,
}

/// <summary>CUstreamCaptureMode: what other threads may do while a stream is being captured into a graph.</summary>
public enum CudaStreamCaptureMode
{
    Global = 0,
    ThreadLocal = 1,
    Relaxed = 2,
}

/// <summary>CUstream_flags, passed to cuStreamCreate as its unsigned int flags.</summary>
public enum CudaStreamFlags
{
    Default = 0x0,
    NonBlocking = 0x1,
}

/// <summary>CUgraphInstantiate_flags, passed to cuGraphInstantiateWithFlags as its unsigned long long flags.</summary>
public enum CudaGraphInstantiateFlags
{
    AutoFreeOnLaunch = 1,
    Upload = 2,
    DeviceLaunch = 4,
    UseNodePriority = 8,
}
