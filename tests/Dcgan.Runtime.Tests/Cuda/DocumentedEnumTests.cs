using System.Globalization;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>
/// Every enum the bindings pass or return, member by member, against the enumerators its header documents
/// (copied below as the headers write them). A C name maps to the C# member by dropping its prefix and writing
/// the rest in Pascal case (CUDA_ERROR_OUT_OF_MEMORY: OutOfMemory; a name left starting with a digit, like
/// cuDNN's ALGO_0, keeps "Algo"). Both directions are checked: nothing documented is missing, nothing is invented.
/// </summary>
public class DocumentedEnumTests
{
    public static TheoryData<Type, string[], string> Enums => new()
    {
        // cuda.h (those bound)
        { typeof(CudaResult), ["CUDA_ERROR_", "CUDA_"], """
            CUDA_SUCCESS = 0, CUDA_ERROR_INVALID_VALUE = 1, CUDA_ERROR_OUT_OF_MEMORY = 2, CUDA_ERROR_NOT_INITIALIZED = 3,
            CUDA_ERROR_DEINITIALIZED = 4, CUDA_ERROR_STUB_LIBRARY = 34, CUDA_ERROR_DEVICE_UNAVAILABLE = 46, CUDA_ERROR_NO_DEVICE = 100,
            CUDA_ERROR_INVALID_DEVICE = 101, CUDA_ERROR_INVALID_IMAGE = 200, CUDA_ERROR_INVALID_CONTEXT = 201, CUDA_ERROR_NO_BINARY_FOR_GPU = 209,
            CUDA_ERROR_ECC_UNCORRECTABLE = 214, CUDA_ERROR_INVALID_PTX = 218, CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222,
            CUDA_ERROR_INVALID_SOURCE = 300, CUDA_ERROR_OPERATING_SYSTEM = 304, CUDA_ERROR_INVALID_HANDLE = 400, CUDA_ERROR_ILLEGAL_STATE = 401,
            CUDA_ERROR_NOT_FOUND = 500, CUDA_ERROR_NOT_READY = 600, CUDA_ERROR_ILLEGAL_ADDRESS = 700, CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
            CUDA_ERROR_LAUNCH_TIMEOUT = 702, CUDA_ERROR_LAUNCH_FAILED = 719, CUDA_ERROR_NOT_SUPPORTED = 801, CUDA_ERROR_SYSTEM_NOT_READY = 802,
            CUDA_ERROR_SYSTEM_DRIVER_MISMATCH = 803, CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE = 804, CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED = 900,
            CUDA_ERROR_STREAM_CAPTURE_INVALIDATED = 901, CUDA_ERROR_STREAM_CAPTURE_UNMATCHED = 903, CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD = 908,
            CUDA_ERROR_UNKNOWN = 999
            """ },
        { typeof(CudaDeviceAttribute), ["CU_DEVICE_ATTRIBUTE_"], """
            CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1, CU_DEVICE_ATTRIBUTE_WARP_SIZE = 10, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16,
            CU_DEVICE_ATTRIBUTE_COMPUTE_MODE = 20, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
            CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97
            """ },
        { typeof(CudaStreamCaptureMode), ["CU_STREAM_CAPTURE_MODE_"],
            "CU_STREAM_CAPTURE_MODE_GLOBAL = 0, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL = 1, CU_STREAM_CAPTURE_MODE_RELAXED = 2" },
        { typeof(CudaStreamFlags), ["CU_STREAM_"], "CU_STREAM_DEFAULT = 0x0, CU_STREAM_NON_BLOCKING = 0x1" },
        { typeof(CudaGraphInstantiateFlags), ["CUDA_GRAPH_INSTANTIATE_FLAG_"], """
            CUDA_GRAPH_INSTANTIATE_FLAG_AUTO_FREE_ON_LAUNCH = 1, CUDA_GRAPH_INSTANTIATE_FLAG_UPLOAD = 2,
            CUDA_GRAPH_INSTANTIATE_FLAG_DEVICE_LAUNCH = 4, CUDA_GRAPH_INSTANTIATE_FLAG_USE_NODE_PRIORITY = 8
            """ },
        // nvrtc.h
        { typeof(NvrtcResult), ["NVRTC_ERROR_", "NVRTC_"], """
            NVRTC_SUCCESS = 0, NVRTC_ERROR_OUT_OF_MEMORY = 1, NVRTC_ERROR_PROGRAM_CREATION_FAILURE = 2, NVRTC_ERROR_INVALID_INPUT = 3,
            NVRTC_ERROR_INVALID_PROGRAM = 4, NVRTC_ERROR_INVALID_OPTION = 5, NVRTC_ERROR_COMPILATION = 6, NVRTC_ERROR_BUILTIN_OPERATION_FAILURE = 7,
            NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION = 8, NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION = 9,
            NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID = 10, NVRTC_ERROR_INTERNAL_ERROR = 11, NVRTC_ERROR_TIME_FILE_WRITE_FAILED = 12
            """ },
        // cublas_api.h, library_types.h
        { typeof(CublasStatus), ["CUBLAS_STATUS_"], """
            CUBLAS_STATUS_SUCCESS = 0, CUBLAS_STATUS_NOT_INITIALIZED = 1, CUBLAS_STATUS_ALLOC_FAILED = 3, CUBLAS_STATUS_INVALID_VALUE = 7,
            CUBLAS_STATUS_ARCH_MISMATCH = 8, CUBLAS_STATUS_MAPPING_ERROR = 11, CUBLAS_STATUS_EXECUTION_FAILED = 13,
            CUBLAS_STATUS_INTERNAL_ERROR = 14, CUBLAS_STATUS_NOT_SUPPORTED = 15, CUBLAS_STATUS_LICENSE_ERROR = 16
            """ },
        { typeof(CublasOperation), ["CUBLAS_OP_"], "CUBLAS_OP_N = 0, CUBLAS_OP_T = 1, CUBLAS_OP_C = 2" },
        { typeof(CublasMath), ["CUBLAS_"], """
            CUBLAS_DEFAULT_MATH = 0, CUBLAS_TENSOR_OP_MATH = 1, CUBLAS_PEDANTIC_MATH = 2, CUBLAS_TF32_TENSOR_OP_MATH = 3,
            CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION = 16
            """ },
        { typeof(CublasPointerMode), ["CUBLAS_POINTER_MODE_"], "CUBLAS_POINTER_MODE_HOST = 0, CUBLAS_POINTER_MODE_DEVICE = 1" },
        // library_types.h numbers these implicitly, from 0.
        { typeof(LibraryPropertyType), [""], "MAJOR_VERSION = 0, MINOR_VERSION = 1, PATCH_LEVEL = 2" },
        // cudnn_graph.h, cudnn_ops.h, cudnn_cnn.h (deprecated enumerators left out)
        { typeof(CudnnStatus), ["CUDNN_STATUS_"], """
            CUDNN_STATUS_SUCCESS = 0, CUDNN_STATUS_NOT_INITIALIZED = 1001, CUDNN_STATUS_SUBLIBRARY_VERSION_MISMATCH = 1002,
            CUDNN_STATUS_SERIALIZATION_VERSION_MISMATCH = 1003, CUDNN_STATUS_DEPRECATED = 1004, CUDNN_STATUS_LICENSE_ERROR = 1005,
            CUDNN_STATUS_RUNTIME_IN_PROGRESS = 1006, CUDNN_STATUS_RUNTIME_FP_OVERFLOW = 1007, CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED = 1008,
            CUDNN_STATUS_BAD_PARAM = 2000, CUDNN_STATUS_BAD_PARAM_NULL_POINTER = 2002, CUDNN_STATUS_BAD_PARAM_MISALIGNED_POINTER = 2003,
            CUDNN_STATUS_BAD_PARAM_NOT_FINALIZED = 2004, CUDNN_STATUS_BAD_PARAM_OUT_OF_BOUND = 2005, CUDNN_STATUS_BAD_PARAM_SIZE_INSUFFICIENT = 2006,
            CUDNN_STATUS_BAD_PARAM_STREAM_MISMATCH = 2007, CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH = 2008, CUDNN_STATUS_BAD_PARAM_DUPLICATED_ENTRIES = 2009,
            CUDNN_STATUS_BAD_PARAM_ATTRIBUTE_TYPE = 2010, CUDNN_STATUS_BAD_PARAM_CUDA_GRAPH_MISMATCH = 2011, CUDNN_STATUS_BAD_PARAM_DESCRIPTOR_TYPE = 2012,
            CUDNN_STATUS_NOT_SUPPORTED = 3000, CUDNN_STATUS_NOT_SUPPORTED_GRAPH_PATTERN = 3001, CUDNN_STATUS_NOT_SUPPORTED_SHAPE = 3002,
            CUDNN_STATUS_NOT_SUPPORTED_DATA_TYPE = 3003, CUDNN_STATUS_NOT_SUPPORTED_LAYOUT = 3004, CUDNN_STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDA_DRIVER = 3005,
            CUDNN_STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDART = 3006, CUDNN_STATUS_NOT_SUPPORTED_ARCH_MISMATCH = 3007,
            CUDNN_STATUS_NOT_SUPPORTED_RUNTIME_PREREQUISITE_MISSING = 3008, CUDNN_STATUS_NOT_SUPPORTED_SUBLIBRARY_UNAVAILABLE = 3009,
            CUDNN_STATUS_NOT_SUPPORTED_SHARED_MEMORY_INSUFFICIENT = 3010, CUDNN_STATUS_NOT_SUPPORTED_PADDING = 3011,
            CUDNN_STATUS_NOT_SUPPORTED_BAD_LAUNCH_PARAM = 3012, CUDNN_STATUS_NOT_SUPPORTED_CUDA_GRAPH_NATIVE_API = 3013,
            CUDNN_STATUS_INTERNAL_ERROR = 4000, CUDNN_STATUS_INTERNAL_ERROR_COMPILATION_FAILED = 4001, CUDNN_STATUS_INTERNAL_ERROR_UNEXPECTED_VALUE = 4002,
            CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED = 4003, CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED = 4004,
            CUDNN_STATUS_INTERNAL_ERROR_BAD_LAUNCH_PARAM = 4005, CUDNN_STATUS_INTERNAL_ERROR_TEXTURE_CREATION_FAILED = 4006,
            CUDNN_STATUS_EXECUTION_FAILED = 5000, CUDNN_STATUS_EXECUTION_FAILED_CUDA_DRIVER = 5001, CUDNN_STATUS_EXECUTION_FAILED_CUBLAS = 5002,
            CUDNN_STATUS_EXECUTION_FAILED_CUDART = 5003, CUDNN_STATUS_EXECUTION_FAILED_CURAND = 5004
            """ },
        { typeof(CudnnDataType), ["CUDNN_DATA_"], """
            CUDNN_DATA_FLOAT = 0, CUDNN_DATA_DOUBLE = 1, CUDNN_DATA_HALF = 2, CUDNN_DATA_INT8 = 3, CUDNN_DATA_INT32 = 4, CUDNN_DATA_UINT8 = 6,
            CUDNN_DATA_BFLOAT16 = 9, CUDNN_DATA_INT64 = 10, CUDNN_DATA_BOOLEAN = 11
            """ },
        { typeof(CudnnTensorFormat), ["CUDNN_TENSOR_"], "CUDNN_TENSOR_NCHW = 0, CUDNN_TENSOR_NHWC = 1, CUDNN_TENSOR_NCHW_VECT_C = 2" },
        { typeof(CudnnConvolutionMode), ["CUDNN_"], "CUDNN_CONVOLUTION = 0, CUDNN_CROSS_CORRELATION = 1" },
        { typeof(CudnnMathType), ["CUDNN_"], "CUDNN_DEFAULT_MATH = 0, CUDNN_TENSOR_OP_MATH = 1, CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION = 2, CUDNN_FMA_MATH = 3" },
        { typeof(CudnnDeterminism), ["CUDNN_"], "CUDNN_NON_DETERMINISTIC = 0, CUDNN_DETERMINISTIC = 1" },
        { typeof(CudnnConvolutionFwdAlgo), ["CUDNN_CONVOLUTION_FWD_ALGO_"], """
            CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM = 0, CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM = 1, CUDNN_CONVOLUTION_FWD_ALGO_GEMM = 2,
            CUDNN_CONVOLUTION_FWD_ALGO_DIRECT = 3, CUDNN_CONVOLUTION_FWD_ALGO_FFT = 4, CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING = 5,
            CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD = 6, CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED = 7, CUDNN_CONVOLUTION_FWD_ALGO_COUNT = 8
            """ },
        { typeof(CudnnConvolutionBwdDataAlgo), ["CUDNN_CONVOLUTION_BWD_DATA_ALGO_"], """
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_0 = 0, CUDNN_CONVOLUTION_BWD_DATA_ALGO_1 = 1, CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT = 2,
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT_TILING = 3, CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD = 4,
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD_NONFUSED = 5, CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT = 6
            """ },
        { typeof(CudnnConvolutionBwdFilterAlgo), ["CUDNN_CONVOLUTION_BWD_FILTER_ALGO_"], """
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0 = 0, CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1 = 1, CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT = 2,
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3 = 3, CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD = 4,
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD_NONFUSED = 5, CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT_TILING = 6,
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT = 7
            """ },
        { typeof(CudnnBatchNormMode), ["CUDNN_BATCHNORM_"],
            "CUDNN_BATCHNORM_PER_ACTIVATION = 0, CUDNN_BATCHNORM_SPATIAL = 1, CUDNN_BATCHNORM_SPATIAL_PERSISTENT = 2" },
    };

    [Theory]
    [MemberData(nameof(Enums))]
    public void Members_are_the_documented_enumerators_with_their_values(Type type, string[] prefixes, string documented)
    {
        var expected = documented.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split('=', StringSplitOptions.TrimEntries))
            .ToDictionary(pair => MemberName(pair[0], prefixes), pair => ParseValue(pair[1]));
        var actual = Enum.GetNames(type).ToDictionary(name => name, name => Convert.ToInt64(Enum.Parse(type, name), CultureInfo.InvariantCulture));

        Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), actual.OrderBy(pair => pair.Key, StringComparer.Ordinal));
        Assert.Equal(typeof(int), Enum.GetUnderlyingType(type));
    }

    [Theory]
    [InlineData("CUDA_ERROR_OUT_OF_MEMORY", "OutOfMemory")]
    [InlineData("CUDA_SUCCESS", "Success")]
    [InlineData("CUDNN_CONVOLUTION_BWD_DATA_ALGO_0", "Algo0")]
    [InlineData("CUBLAS_TF32_TENSOR_OP_MATH", "Tf32TensorOpMath")]
    public void The_naming_rule_maps_C_names_as_described(string cName, string member)
    {
        string[] prefixes = ["CUDA_ERROR_", "CUDA_", "CUDNN_CONVOLUTION_BWD_DATA_ALGO_", "CUBLAS_"];
        Assert.Equal(member, MemberName(cName, prefixes));
    }

    private static string MemberName(string cName, string[] prefixes)
    {
        string prefix = prefixes.Where(cName.StartsWith).OrderByDescending(p => p.Length).First();
        string pascal = string.Concat(cName[prefix.Length..].Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant()));
        return char.IsDigit(pascal[0]) ? "Algo" + pascal : pascal;
    }

    private static long ParseValue(string value) => value.StartsWith("0x", StringComparison.Ordinal)
        ? long.Parse(value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : long.Parse(value, CultureInfo.InvariantCulture);
}
