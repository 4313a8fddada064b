using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>
/// cuDNN writes arrays of these records, so each must have the C struct's exact layout on 64-bit Linux:
/// algo@0, status@4, time@8, (padding), memory (size_t)@16, determinism@24, mathType@28, reserved[3]@32, 48 bytes.
/// </summary>
public class CudnnAlgoPerfLayoutTests
{
    public static TheoryData<Type> Records => [typeof(CudnnConvolutionFwdAlgoPerf), typeof(CudnnConvolutionBwdDataAlgoPerf), typeof(CudnnConvolutionBwdFilterAlgoPerf)];

    [Theory]
    [MemberData(nameof(Records))]
    public void Fields_sit_at_the_C_offsets_and_the_record_is_48_bytes(Type record)
    {
        Assert.Equal(48, Marshal.SizeOf(record));
        Assert.Equal(48, (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(record).Invoke(null, null)!);
        foreach (var (field, offset) in new[] { ("Algo", 0), ("Status", 4), ("Time", 8), ("Memory", 16), ("Determinism", 24), ("MathType", 28), ("Reserved", 32) })
            Assert.True(offset == (int)Marshal.OffsetOf(record, field), $"{record.Name}.{field} at {Marshal.OffsetOf(record, field)}, C has it at {offset}");
    }
}
