using Dcgan.Runtime;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>The C parameters of the test-only entry points, spelled as the generator's CParameter spells its own.</summary>
internal static class TestParameters
{
    /// <summary>A float tensor the kernel reads: <c>const float* name</c>.</summary>
    public static KernelParameter In(string name) => new(name, KernelParameterType.FloatPointer, IsConst: true);
    /// <summary>A float tensor the kernel writes: <c>float* name</c>.</summary>
    public static KernelParameter Out(string name) => new(name, KernelParameterType.FloatPointer);
    public static KernelParameter Float(string name) => new(name, KernelParameterType.Float);
    /// <summary>The batch: <c>int n</c>.</summary>
    public static KernelParameter N { get; } = new("n", KernelParameterType.Int);
}
