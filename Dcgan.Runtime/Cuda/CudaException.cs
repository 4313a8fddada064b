namespace Dcgan.Runtime.Cuda;

/// <summary>
/// A CUDA library call that returned an error status: names the call, the status's number and name, and the
/// library's own description of it (cuGetErrorString, cublasGetStatusString, cudnnGetLastErrorString, NVRTC's log).
/// </summary>
public sealed class CudaException(string library, string call, int status, string? statusName, string? description)
    : DcganException(Format(call, status, statusName, description))
{
    /// <summary>"CUDA driver", "NVRTC", "cuBLAS" or "cuDNN".</summary>
    public string Library { get; } = library;

    /// <summary>The function that failed, e.g. cuMemAlloc_v2.</summary>
    public string Call { get; } = call;

    public int Status { get; } = status;

    /// <summary>The status's name as the library spells it (CUDA_ERROR_OUT_OF_MEMORY); null when neither the library nor the bindings know it.</summary>
    public string? StatusName { get; } = statusName;

    public string? Description { get; } = description;

    /// <summary>"cuMemAlloc_v2 failed with CUDA_ERROR_OUT_OF_MEMORY (2): out of memory".</summary>
    public static string Format(string call, int status, string? statusName, string? description)
    {
        string what = statusName is null ? $"{call} failed with status {status}" : $"{call} failed with {statusName} ({status})";
        return string.IsNullOrWhiteSpace(description) || description == statusName ? what : $"{what}: {description.Trim()}";
    }
}
