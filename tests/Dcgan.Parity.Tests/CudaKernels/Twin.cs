using System.Runtime.InteropServices;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>What a <see cref="Twin"/> holds, which decides how its two copies are compared.</summary>
internal enum TwinElement
{
    Float,
    Byte,
    Int,
    /// <summary>A device counter (unsigned long long).</summary>
    Counter,
}

/// <summary>
/// One kernel argument in native memory twice, both copies starting from the same values: the CPU kernel works on
/// <see cref="Cpu"/>, the shim-compiled CUDA kernel on <see cref="Gpu"/>, and the two are compared afterwards.
/// </summary>
internal sealed unsafe class Twin : IDisposable
{
    private readonly byte[] _initial;

    private Twin(byte[] initial, TwinElement element, long length)
    {
        _initial = initial;
        Element = element;
        Length = length;
        Cpu = (nint)NativeMemory.Alloc((nuint)Math.Max(1, initial.Length));
        Gpu = (nint)NativeMemory.Alloc((nuint)Math.Max(1, initial.Length));
        initial.CopyTo(new Span<byte>((void*)Cpu, initial.Length));
        ResetGpu();
    }

    public TwinElement Element { get; }
    public long Length { get; }
    public nint Cpu { get; }
    public nint Gpu { get; }
    public float* CpuFloats => (float*)Cpu;
    public ReadOnlySpan<float> CpuValues => new((void*)Cpu, checked((int)Length));
    public ReadOnlySpan<float> GpuValues => new((void*)Gpu, checked((int)Length));
    public ReadOnlySpan<uint> GpuWords => new((void*)Gpu, checked((int)Length));

    public static Twin Floats(float[] values) => new(MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), TwinElement.Float, values.Length);
    public static Twin Bytes(byte[] values) => new((byte[])values.Clone(), TwinElement.Byte, values.Length);
    public static Twin Ints(int[] values) => new(MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), TwinElement.Int, values.Length);
    public static Twin Counter(ulong value) => new(BitConverter.GetBytes(value), TwinElement.Counter, 1);

    public ulong CpuCounter
    {
        get => *(ulong*)Cpu;
        set => *(ulong*)Cpu = value;
    }

    public ulong GpuCounter => *(ulong*)Gpu;
    public int CpuInt => *(int*)Cpu;
    public int GpuInt => *(int*)Gpu;

    /// <summary>Puts the starting values back into the GPU copy, before another launch.</summary>
    public void ResetGpu() => _initial.CopyTo(new Span<byte>((void*)Gpu, _initial.Length));

    public void Dispose()
    {
        NativeMemory.Free((void*)Cpu);
        NativeMemory.Free((void*)Gpu);
    }
}
