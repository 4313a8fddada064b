namespace Dcgan.Runtime.Cuda;

/// <summary>What a generated kernel's C parameter is, as far as packing its launch argument goes.</summary>
public enum KernelParameterType
{
    /// <summary><c>float*</c> or <c>const float*</c>.</summary>
    FloatPointer,
    /// <summary><c>unsigned long long*</c>: a device counter.</summary>
    CounterPointer,
    /// <summary><c>const unsigned char*</c>: the dataset's bytes.</summary>
    BytePointer,
    /// <summary><c>const int*</c>: the epoch's order.</summary>
    IntPointer,
    Int,
    Float,
    /// <summary><c>unsigned long long</c> by value: a seed or a Philox stream.</summary>
    UInt64,
}

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

/// <summary>One C parameter of a kernel table row (<see cref="CudaKernelSpec.Parameters"/>): its name and type.</summary>
public readonly record struct KernelParameter(string Name, KernelParameterType Type, string CType)
{
    /// <summary>The parameters of <c>float* y, const float* bias, int n</c>, in launch order.</summary>
    public static IReadOnlyList<KernelParameter> Parse(string parameters)
    {
        var result = new List<KernelParameter>();
        foreach (string text in parameters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int space = text.LastIndexOf(' ');
            if (space < 0) throw new DcganException($"kernel parameter '{text}' has no type");
            string type = text[..space].Trim();
            string bare = type.StartsWith("const ", StringComparison.Ordinal) ? type[6..].Trim() : type;
            var kind = bare switch
            {
                "float*" => KernelParameterType.FloatPointer,
                "unsigned long long*" => KernelParameterType.CounterPointer,
                "unsigned char*" => KernelParameterType.BytePointer,
                "int*" => KernelParameterType.IntPointer,
                "int" => KernelParameterType.Int,
                "float" => KernelParameterType.Float,
                "unsigned long long" => KernelParameterType.UInt64,
                _ => throw new DcganException($"kernel parameter '{text}': the executor cannot pass a {type}"),
            };
            result.Add(new KernelParameter(text[(space + 1)..], kind, type));
        }
        return result;
    }
}
