using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cuda.Native;

/// <summary>
/// cuDNN 9 (libcudnn.so.9), the legacy convolution and batch-norm API that the design uses. cuDNN 9's headers mark
/// most of it deprecated in favour of the graph API but still export it. Handles and descriptors are nint;
/// tensors are device pointers (void*), and alpha/beta scaling factors host pointers to floats. Signatures are
/// checked against the headers' prototypes by BindingSignatureTests.
/// </summary>
internal static unsafe partial class Cudnn
{
    private const string Library = "libcudnn";

    static Cudnn() => CudaLibraries.EnsureResolver();

    [LibraryImport(Library)] internal static partial nuint cudnnGetVersion();
    [LibraryImport(Library)] internal static partial nuint cudnnGetCudartVersion();
    [LibraryImport(Library)] internal static partial byte* cudnnGetErrorString(CudnnStatus status);
    [LibraryImport(Library)] internal static partial void cudnnGetLastErrorString(byte* message, nuint maxSize);

    [LibraryImport(Library)] internal static partial CudnnStatus cudnnCreate(nint* handle);
    [LibraryImport(Library)] internal static partial CudnnStatus cudnnDestroy(nint handle);
    [LibraryImport(Library)] internal static partial CudnnStatus cudnnSetStream(nint handle, nint stream);

    [LibraryImport(Library)] internal static partial CudnnStatus cudnnCreateTensorDescriptor(nint* descriptor);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnSetTensor4dDescriptor(nint descriptor, CudnnTensorFormat format, CudnnDataType dataType, int n, int c, int h, int w);
    [LibraryImport(Library)] internal static partial CudnnStatus cudnnDestroyTensorDescriptor(nint descriptor);

    [LibraryImport(Library)] internal static partial CudnnStatus cudnnCreateFilterDescriptor(nint* descriptor);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnSetFilter4dDescriptor(nint descriptor, CudnnDataType dataType, CudnnTensorFormat format, int k, int c, int h, int w);
    [LibraryImport(Library)] internal static partial CudnnStatus cudnnDestroyFilterDescriptor(nint descriptor);

    [LibraryImport(Library)] internal static partial CudnnStatus cudnnCreateConvolutionDescriptor(nint* descriptor);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnSetConvolution2dDescriptor(nint descriptor, int padH, int padW, int strideH, int strideW,
        int dilationH, int dilationW, CudnnConvolutionMode mode, CudnnDataType computeType);
    [LibraryImport(Library)] internal static partial CudnnStatus cudnnSetConvolutionMathType(nint descriptor, CudnnMathType mathType);
    [LibraryImport(Library)] internal static partial CudnnStatus cudnnDestroyConvolutionDescriptor(nint descriptor);

    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnConvolutionForward(nint handle, void* alpha, nint xDesc, void* x, nint wDesc, void* w, nint convDesc,
        CudnnConvolutionFwdAlgo algo, void* workspace, nuint workspaceBytes, void* beta, nint yDesc, void* y);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnConvolutionBackwardData(nint handle, void* alpha, nint wDesc, void* w, nint dyDesc, void* dy, nint convDesc,
        CudnnConvolutionBwdDataAlgo algo, void* workspace, nuint workspaceBytes, void* beta, nint dxDesc, void* dx);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnConvolutionBackwardFilter(nint handle, void* alpha, nint xDesc, void* x, nint dyDesc, void* dy, nint convDesc,
        CudnnConvolutionBwdFilterAlgo algo, void* workspace, nuint workspaceBytes, void* beta, nint dwDesc, void* dw);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnConvolutionBackwardBias(nint handle, void* alpha, nint dyDesc, void* dy, void* beta, nint dbDesc, void* db);

    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnGetConvolutionForwardWorkspaceSize(nint handle, nint xDesc, nint wDesc, nint convDesc, nint yDesc,
        CudnnConvolutionFwdAlgo algo, nuint* bytes);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnGetConvolutionBackwardDataWorkspaceSize(nint handle, nint wDesc, nint dyDesc, nint convDesc, nint dxDesc,
        CudnnConvolutionBwdDataAlgo algo, nuint* bytes);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnGetConvolutionBackwardFilterWorkspaceSize(nint handle, nint xDesc, nint dyDesc, nint convDesc, nint dwDesc,
        CudnnConvolutionBwdFilterAlgo algo, nuint* bytes);

    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnGetConvolutionForwardAlgorithm_v7(nint handle, nint xDesc, nint wDesc, nint convDesc, nint yDesc,
        int requestedCount, int* returnedCount, CudnnConvolutionFwdAlgoPerf* results);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnGetConvolutionBackwardDataAlgorithm_v7(nint handle, nint wDesc, nint dyDesc, nint convDesc, nint dxDesc,
        int requestedCount, int* returnedCount, CudnnConvolutionBwdDataAlgoPerf* results);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnGetConvolutionBackwardFilterAlgorithm_v7(nint handle, nint xDesc, nint dyDesc, nint convDesc, nint dwDesc,
        int requestedCount, int* returnedCount, CudnnConvolutionBwdFilterAlgoPerf* results);

    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnFindConvolutionForwardAlgorithm(nint handle, nint xDesc, nint wDesc, nint convDesc, nint yDesc,
        int requestedCount, int* returnedCount, CudnnConvolutionFwdAlgoPerf* results);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnFindConvolutionBackwardDataAlgorithm(nint handle, nint wDesc, nint dyDesc, nint convDesc, nint dxDesc,
        int requestedCount, int* returnedCount, CudnnConvolutionBwdDataAlgoPerf* results);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnFindConvolutionBackwardFilterAlgorithm(nint handle, nint xDesc, nint dyDesc, nint convDesc, nint dwDesc,
        int requestedCount, int* returnedCount, CudnnConvolutionBwdFilterAlgoPerf* results);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnFindConvolutionForwardAlgorithmEx(nint handle, nint xDesc, void* x, nint wDesc, void* w, nint convDesc,
        nint yDesc, void* y, int requestedCount, int* returnedCount, CudnnConvolutionFwdAlgoPerf* results, void* workspace, nuint workspaceBytes);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnFindConvolutionBackwardDataAlgorithmEx(nint handle, nint wDesc, void* w, nint dyDesc, void* dy, nint convDesc,
        nint dxDesc, void* dx, int requestedCount, int* returnedCount, CudnnConvolutionBwdDataAlgoPerf* results, void* workspace, nuint workspaceBytes);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnFindConvolutionBackwardFilterAlgorithmEx(nint handle, nint xDesc, void* x, nint dyDesc, void* dy, nint convDesc,
        nint dwDesc, void* dw, int requestedCount, int* returnedCount, CudnnConvolutionBwdFilterAlgoPerf* results, void* workspace, nuint workspaceBytes);

    [LibraryImport(Library)] internal static partial CudnnStatus cudnnDeriveBNTensorDescriptor(nint derivedDesc, nint xDesc, CudnnBatchNormMode mode);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnBatchNormalizationForwardTraining(nint handle, CudnnBatchNormMode mode, void* alpha, void* beta,
        nint xDesc, void* x, nint yDesc, void* y, nint scaleBiasMeanVarDesc, void* scale, void* bias, double exponentialAverageFactor,
        void* runningMean, void* runningVariance, double epsilon, void* saveMean, void* saveInvVariance);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnBatchNormalizationForwardInference(nint handle, CudnnBatchNormMode mode, void* alpha, void* beta,
        nint xDesc, void* x, nint yDesc, void* y, nint scaleBiasMeanVarDesc, void* scale, void* bias, void* estimatedMean, void* estimatedVariance, double epsilon);
    [LibraryImport(Library)]
    internal static partial CudnnStatus cudnnBatchNormalizationBackward(nint handle, CudnnBatchNormMode mode, void* alphaDataDiff, void* betaDataDiff,
        void* alphaParamDiff, void* betaParamDiff, nint xDesc, void* x, nint dyDesc, void* dy, nint dxDesc, void* dx, nint scaleBiasDiffDesc,
        void* scale, void* scaleDiff, void* biasDiff, double epsilon, void* savedMean, void* savedInvVariance);

    /// <summary>Throws a <see cref="CudaException"/> naming the call unless <paramref name="status"/> is success.</summary>
    internal static void Check(CudnnStatus status, [CallerArgumentExpression(nameof(status))] string call = "")
    {
        if (status != CudnnStatus.Success) throw Failure(status, call);
    }

    internal static CudaException Failure(CudnnStatus status, string call) =>
        StatusCheck.Failure(CudaLibrary.Cudnn.Title, call, (int)status, Describe, value => Enum.GetName((CudnnStatus)value));

    /// <summary>
    /// cudnnGetErrorString gives the status's name; cudnnGetLastErrorString, cuDNN 9's account of the latest
    /// failure on this thread, the description. Nothing when cuDNN is not loaded.
    /// </summary>
    private static StatusText Describe(int status)
    {
        if (!CudaLibraries.IsLoaded(CudaLibrary.Cudnn)) return default;
        const int capacity = 1024;
        byte* message = stackalloc byte[capacity];
        message[0] = 0;
        try
        {
            cudnnGetLastErrorString(message, capacity);
        }
        catch (EntryPointNotFoundException)
        {
            // A cuDNN 9 older than the headers these bindings follow: the status's name alone.
        }
        string? last = StatusCheck.Utf8(message);
        return new StatusText(StatusCheck.Utf8(cudnnGetErrorString((CudnnStatus)status)), string.IsNullOrWhiteSpace(last) ? null : last);
    }
}
