namespace Dcgan.Runtime.Cuda;

/// <summary>The parameter type a device program's operand binds to.</summary>
public static class KernelParameterTypes
{
    /// <summary>What <paramref name="operand"/> passes: its buffer's element pointer, the batch as an int, or its value's type.</summary>
    public static KernelParameterType For(DeviceBinding operand) => operand.Buffer switch
    {
        DeviceMemory.Batch => KernelParameterType.Int,
        // The seed and the Philox stream are 64-bit words; every other scalar is a float setting of the run.
        DeviceMemory.Scalar => operand.Scalar is DeviceScalar.Seed or DeviceScalar.LatentStream ? KernelParameterType.UInt64 : KernelParameterType.Float,
        DeviceMemory.Counters => KernelParameterType.CounterPointer,
        DeviceMemory.Dataset => KernelParameterType.BytePointer,
        DeviceMemory.Order => KernelParameterType.IntPointer,
        _ => KernelParameterType.FloatPointer,
    };
}
