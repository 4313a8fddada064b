using System.Runtime.InteropServices;

namespace Dcgan.Runtime;

/// <summary>
/// A 64-byte aligned, zero-initialised block of floats outside the managed heap.
/// Parameters, gradients, Adam moments and the activation arena each live in one,
/// so a training step touches no managed memory and kernels can take raw pointers.
/// </summary>
public sealed unsafe class NativeBuffer : IDisposable
{
    private float* _data;

    public NativeBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        nuint bytes = (nuint)Math.Max(1, length) * sizeof(float);
        _data = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(_data, bytes);
    }

    public long Length { get; }

    public float* Pointer => _data != null ? _data : throw new ObjectDisposedException(nameof(NativeBuffer));

    public Span<float> Span(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"slice [{offset}, {offset + length}) outside a buffer of {Length} floats");
        return new Span<float>(Pointer + offset, checked((int)length));
    }

    public Span<float> AsSpan() => Span(0, Length);

    public void Clear() => NativeMemory.Clear(Pointer, (nuint)Length * sizeof(float));

    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }
}
