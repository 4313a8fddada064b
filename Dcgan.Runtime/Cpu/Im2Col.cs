using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// col2im: from the GEMM's column matrix back to an NCHW tensor, for a chunk of images. The column
/// matrix is [C*KH*KW, images*P*Q]: row (c, r, s), column (image, p, q). (The other direction, im2col,
/// is never stored: see <see cref="ImplicitColumns"/>.)
/// </summary>
/// <remarks>
/// Two ways to walk a plane. Wide stride-1 rows (<see cref="UsesPaddedPlane"/> false) are added row
/// by row. Strided or short rows (the zoo's 5x5 stride-2 layers make rows of 7 or 14) go through a
/// zero-padded plane: there every tap (r, s) adds position i at the same offset <c>offsets[i]</c>
/// (<see cref="ImplicitColumns.PositionOffsets"/> for one image) from
/// its own origin <c>r * paddedWidth + s</c>, so one table of P*Q offsets drives all KH*KW rows with no
/// bounds tests.
/// </remarks>
internal static unsafe class Im2Col
{
    /// <summary>Whether this geometry takes the padded-plane path (strided, or rows too short for the row copy).</summary>
    public static bool UsesPaddedPlane(in ConvGeometry g) => g.Stride != 1 || g.OutWidth < 16;

    /// <summary>Floats of the padded plane col2im adds into: the plane with its border, and room for the vectors' overhang.</summary>
    public static long PaddedPlaneSize(in ConvGeometry g) => g.PaddedPlane + VectorSlack;

    /// <summary>
    /// Like <see cref="Scatter"/>, through a zero-padded plane: taps add in the same (r, s) order, and
    /// within one tap no two positions share a pixel, so every sum is the same as the direct walk's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterPadded(in ConvGeometry g, float* rows, long ld, float* padded, int* offsets, float* plane)
    {
        int wp = g.PaddedWidth, pad = g.Padding, count = g.FeatureSpatial;
        CpuKernels.Clear(padded, PaddedPlaneSize(g));
        // The GEMM's path decides (tests force each one); every path adds the same values in the same order.
        var path = g.Stride <= 2 ? Gemm.ActivePath : GemmPath.Scalar;
        for (int r = 0; r < g.KernelHeight; r++)
        for (int s = 0; s < g.KernelWidth; s++)
        {
            float* origin = padded + r * wp + s;
            float* row = rows + (r * g.KernelWidth + s) * ld;
            if (path == GemmPath.Avx512)
                AddTapRows(g, row, origin, wp);
            else if (path == GemmPath.Avx2)
                AddTapRowsAvx2(g, row, origin, wp);
            else
                for (int i = 0; i < count; i++) origin[offsets[i]] += row[i];
        }
        for (int ih = 0; ih < g.InHeight; ih++)
            CpuKernels.Copy(padded + (ih + pad) * wp + pad, plane + ih * g.InWidth, g.InWidth);
    }

    /// <summary>
    /// One tap's rows added at stride 1 or 2, sixteen pixels per vector: a stride-2 group spreads eight values
    /// over the even lanes (odd lanes add +0, leaving those pixels as they are). Reads up to 15 floats past
    /// the column matrix and writes within <see cref="VectorSlack"/> past the plane, both allocated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTapRows(in ConvGeometry g, float* row, float* origin, int wp)
    {
        int p = g.OutHeight, q = g.OutWidth, stride = g.Stride;
        var lanes8 = Vector256<int>.Indices;
        var lanes16 = Vector512<int>.Indices;
        var spread = Vector512.Create(0, 8, 1, 8, 2, 8, 3, 8, 4, 8, 5, 8, 6, 8, 7, 8);
        for (int op = 0; op < p; op++, row += q)
        {
            float* target = origin + op * stride * wp;
            if (stride == 1)
            {
                for (int oq = 0; oq < q; oq += 16)
                {
                    var keep = Vector512.LessThan(lanes16, Vector512.Create(q - oq)).AsSingle();
                    var values = Vector512.ConditionalSelect(keep, Vector512.Load(row + oq), Vector512<float>.Zero);
                    (Vector512.Load(target + oq) + values).Store(target + oq);
                }
            }
            else
            {
                for (int oq = 0; oq < q; oq += 8)
                {
                    var keep = Vector256.LessThan(lanes8, Vector256.Create(q - oq)).AsSingle();
                    var values = Vector256.ConditionalSelect(keep, Vector256.Load(row + oq), Vector256<float>.Zero);
                    var even = Avx512F.PermuteVar16x32(Vector512.Create(values, Vector256<float>.Zero), spread);
                    (Vector512.Load(target + 2 * oq) + even).Store(target + 2 * oq);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="AddTapRows"/> in 256-bit vectors: eight pixels per vector; at stride 2, eight values interleaved with
    /// zeros (unpack, then the 128-bit halves put in order) make two vectors of sixteen pixels. The same additions in
    /// the same order, so the same sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTapRowsAvx2(in ConvGeometry g, float* row, float* origin, int wp)
    {
        int p = g.OutHeight, q = g.OutWidth, stride = g.Stride;
        var lanes8 = Vector256<int>.Indices;
        for (int op = 0; op < p; op++, row += q)
        {
            float* target = origin + op * stride * wp;
            for (int oq = 0; oq < q; oq += 8)
            {
                var keep = Vector256.LessThan(lanes8, Vector256.Create(q - oq)).AsSingle();
                var values = Vector256.ConditionalSelect(keep, Vector256.Load(row + oq), Vector256<float>.Zero);
                if (stride == 1)
                {
                    (Vector256.Load(target + oq) + values).Store(target + oq);
                    continue;
                }
                // (v0 0 v1 0 | v4 0 v5 0) and (v2 0 v3 0 | v6 0 v7 0), then pixels 0-7 and 8-15 of the run.
                var low = Avx.UnpackLow(values, Vector256<float>.Zero);
                var high = Avx.UnpackHigh(values, Vector256<float>.Zero);
                float* pixels = target + 2 * oq;
                (Vector256.Load(pixels) + Avx.Permute2x128(low, high, 0x20)).Store(pixels);
                (Vector256.Load(pixels + 8) + Avx.Permute2x128(low, high, 0x31)).Store(pixels + 8);
            }
        }
    }

    /// <summary>Floats allocated past the column matrix and past a padded plane for the vector paths' overhang.</summary>
    public const int VectorSlack = 32;

    /// <summary>
    /// col2im: overwrites channel c of one image with the sum of its KH*KW column rows (<paramref name="rows"/>
    /// points at row (c, 0, 0), column of this image's first position) at the pixels they read. Visits rows in
    /// a fixed order (deterministic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scatter(in ConvGeometry g, float* rows, long ld, float* plane)
    {
        int h = g.InHeight, w = g.InWidth, p = g.OutHeight, q = g.OutWidth, stride = g.Stride, pad = g.Padding;
        CpuKernels.Clear(plane, (long)h * w);
        for (int r = 0; r < g.KernelHeight; r++)
        for (int s = 0; s < g.KernelWidth; s++)
        {
            float* row = rows + (r * g.KernelWidth + s) * ld;
            (int qLo, int qHi) = ValidColumns(s, w, q, stride, pad);
            for (int op = 0; op < p; op++, row += q)
            {
                int ih = op * stride - pad + r;
                if ((uint)ih >= (uint)h) continue;
                float* target = plane + ih * w - pad + s;
                if (stride == 1)
                    for (int oq = qLo; oq < qHi; oq++) target[oq] += row[oq];
                else
                    for (int oq = qLo; oq < qHi; oq++) target[oq * stride] += row[oq];
            }
        }
    }

    /// <summary>Output columns q whose input column q*stride - pad + s lies inside [0, width).</summary>
    private static (int Lo, int Hi) ValidColumns(int s, int width, int q, int stride, int pad)
    {
        int lo = pad - s <= 0 ? 0 : (pad - s + stride - 1) / stride;
        int last = width - 1 + pad - s;
        int hi = last < 0 ? 0 : Math.Min(q, last / stride + 1);
        lo = Math.Min(lo, q);
        return (lo, Math.Max(lo, hi));
    }
}
