using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// Register-blocked micro-kernels: C[MR x NR] (= or +=) Apanel[MR x kc] * Bpanel[kc x NR] over packed,
/// zero-padded panels (A: MR floats per k, B: NR floats per k).
/// </summary>
/// <remarks>
/// Sizes follow the register files: AVX-512 has 32 zmm registers, so 8 rows x 32 columns keeps
/// 16 accumulators + 2 B vectors + 1 broadcast live (16 independent FMA chains hide FMA latency on two
/// FMA pipes); AVX2 has 16 ymm registers, so 6 x 16 uses 12 accumulators. Edge tiles are computed in
/// full (padding is zero) into a stack tile and only the valid part is written back.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class GemmMicroKernels
{
    public static (int Mr, int Nr) Shape(GemmPath path) => path switch
    {
        GemmPath.Avx512 => (8, 32),
        GemmPath.Avx2 => (6, 16),
        _ => (4, 4),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(GemmPath path, int kc, float* a, float* b, float* c, long ldc, int rows, int columns, bool overwrite)
    {
        switch (path)
        {
            case GemmPath.Avx512: Avx512Kernel8x32(kc, a, b, c, ldc, rows, columns, overwrite); break;
            case GemmPath.Avx2: Avx2Kernel6x16(kc, a, b, c, ldc, rows, columns, overwrite); break;
            default: ScalarKernel4x4(kc, a, b, c, ldc, rows, columns, overwrite); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx512Kernel8x32(int kc, float* a, float* b, float* c, long ldc, int rows, int columns, bool overwrite)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;

        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var av = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
            a += 8;
            b += 32;
        }

        bool full = rows == 8 && columns == 32;
        float* tile = stackalloc float[8 * 32];
        float* target = full ? c : tile;
        long ld = full ? ldc : 32;
        bool add = full && !overwrite;
        Store512(target, add, c00, c01); target += ld;
        Store512(target, add, c10, c11); target += ld;
        Store512(target, add, c20, c21); target += ld;
        Store512(target, add, c30, c31); target += ld;
        Store512(target, add, c40, c41); target += ld;
        Store512(target, add, c50, c51); target += ld;
        Store512(target, add, c60, c61); target += ld;
        Store512(target, add, c70, c71);
        if (!full) WriteBack(tile, 32, c, ldc, rows, columns, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* target, bool add, Vector512<float> low, Vector512<float> high)
    {
        if (add)
        {
            low += Vector512.Load(target);
            high += Vector512.Load(target + 16);
        }
        low.Store(target);
        high.Store(target + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx2Kernel6x16(int kc, float* a, float* b, float* c, long ldc, int rows, int columns, bool overwrite)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;

        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var av = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(av, b0, c00); c01 = Fma.MultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(av, b0, c10); c11 = Fma.MultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(av, b0, c20); c21 = Fma.MultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(av, b0, c30); c31 = Fma.MultiplyAdd(av, b1, c31);
            av = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(av, b0, c40); c41 = Fma.MultiplyAdd(av, b1, c41);
            av = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(av, b0, c50); c51 = Fma.MultiplyAdd(av, b1, c51);
            a += 6;
            b += 16;
        }

        bool full = rows == 6 && columns == 16;
        float* tile = stackalloc float[6 * 16];
        float* target = full ? c : tile;
        long ld = full ? ldc : 16;
        bool add = full && !overwrite;
        Store256(target, add, c00, c01); target += ld;
        Store256(target, add, c10, c11); target += ld;
        Store256(target, add, c20, c21); target += ld;
        Store256(target, add, c30, c31); target += ld;
        Store256(target, add, c40, c41); target += ld;
        Store256(target, add, c50, c51);
        if (!full) WriteBack(tile, 16, c, ldc, rows, columns, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* target, bool add, Vector256<float> low, Vector256<float> high)
    {
        if (add)
        {
            low += Vector256.Load(target);
            high += Vector256.Load(target + 8);
        }
        low.Store(target);
        high.Store(target + 8);
    }

    /// <summary>The portable path: same packing and summation order, no intrinsics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarKernel4x4(int kc, float* a, float* b, float* c, long ldc, int rows, int columns, bool overwrite)
    {
        float* tile = stackalloc float[16];
        for (int i = 0; i < 16; i++) tile[i] = 0f;
        for (int p = 0; p < kc; p++, a += 4, b += 4)
            for (int r = 0; r < 4; r++)
            {
                float ar = a[r];
                for (int col = 0; col < 4; col++) tile[r * 4 + col] = MathF.FusedMultiplyAdd(ar, b[col], tile[r * 4 + col]);
            }
        WriteBack(tile, 4, c, ldc, rows, columns, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteBack(float* tile, int tileLd, float* c, long ldc, int rows, int columns, bool overwrite)
    {
        for (int r = 0; r < rows; r++)
        {
            float* source = tile + r * tileLd;
            float* target = c + r * ldc;
            if (overwrite)
                for (int col = 0; col < columns; col++) target[col] = source[col];
            else
                for (int col = 0; col < columns; col++) target[col] += source[col];
        }
    }
}
