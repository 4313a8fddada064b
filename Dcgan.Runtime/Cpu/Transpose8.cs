using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// An 8 x 8 block transposed in AVX registers (unpack, shuffle, swap 128-bit halves): how the GEMM packs a panel whose
/// source runs the other way (A's rows into k-major MR-row panels, a transposed B's rows into NR-column panels)
/// with eight loads and eight stores instead of 64 strided scalar writes.
/// </summary>
internal static unsafe class Transpose8
{
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>
    /// <c>target[k * targetLd + r] = source[r * sourceLd + k]</c> for k &lt; 8 and r &lt; <paramref name="width"/>; rows
    /// r at or past <paramref name="rows"/> are not read and give 0. Each target row gets exactly
    /// <paramref name="width"/> floats (at most 8; fewer are stored under a mask).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(float* source, long sourceLd, int rows, float* target, int targetLd, int width)
    {
        var r0 = Row(source, sourceLd, 0, rows); var r1 = Row(source, sourceLd, 1, rows);
        var r2 = Row(source, sourceLd, 2, rows); var r3 = Row(source, sourceLd, 3, rows);
        var r4 = Row(source, sourceLd, 4, rows); var r5 = Row(source, sourceLd, 5, rows);
        var r6 = Row(source, sourceLd, 6, rows); var r7 = Row(source, sourceLd, 7, rows);

        // Pairs of rows interleaved, then pairs of pairs: u0 holds column 0 of rows 0-3 (low half) and column 4 (high).
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);

        // Swapping 128-bit halves gives column k of the block: the low halves for columns 0-3, the high ones for 4-7.
        var mask = width < 8 ? Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(width)).AsSingle() : default;
        Put(target, width, mask, Avx.Permute2x128(u0, u4, 0x20));
        Put(target + targetLd, width, mask, Avx.Permute2x128(u1, u5, 0x20));
        Put(target + 2 * targetLd, width, mask, Avx.Permute2x128(u2, u6, 0x20));
        Put(target + 3 * targetLd, width, mask, Avx.Permute2x128(u3, u7, 0x20));
        Put(target + 4 * targetLd, width, mask, Avx.Permute2x128(u0, u4, 0x31));
        Put(target + 5 * targetLd, width, mask, Avx.Permute2x128(u1, u5, 0x31));
        Put(target + 6 * targetLd, width, mask, Avx.Permute2x128(u2, u6, 0x31));
        Put(target + 7 * targetLd, width, mask, Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* target, int width, Vector256<float> mask, Vector256<float> column)
    {
        if (width == 8) column.Store(target);
        else Avx.MaskStore(target, mask, column);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Row(float* source, long sourceLd, int r, int rows)
        => r < rows ? Vector256.Load(source + r * sourceLd) : Vector256<float>.Zero;
}
