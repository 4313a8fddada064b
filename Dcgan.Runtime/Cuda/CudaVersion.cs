using System.Globalization;

namespace Dcgan.Runtime.Cuda;

/// <summary>CUDA's version numbers as the driver and cudnnGetCudartVersion give them: 1000 * major + 10 * minor (12060 is 12.6).</summary>
public static class CudaVersion
{
    public static int Major(int version) => version / 1000;

    public static string Format(int version) => string.Create(CultureInfo.InvariantCulture, $"{version / 1000}.{version % 1000 / 10}");
}
