namespace Dcgan.Runtime.Cuda.Native;

/// <summary>A CUDA library that could not be loaded: names the library and says where it was looked for, or why the loader refused it.</summary>
public sealed class CudaUnavailableException(LibraryLoadResult result)
    : DcganException($"{result.Library.Title} is not available: {result.Describe()}")
{
    public LibraryLoadResult Result { get; } = result;
}
