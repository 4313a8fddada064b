using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// The im2col matrix of a chunk of images, never written out: element (row, column) is
/// <c>Source[RowOffsets[row] + ColumnOffsets[column]]</c> in a zero-padded copy of the chunk, and the GEMM
/// packs its panels straight from there (<see cref="Gemm.PanelSource"/>). For the forward product the rows
/// are taps (c, r, s) and the columns positions (image, p, q); the filter gradient reads the same matrix
/// transposed, so the two tables swap roles. Packing an L1-sized panel this way replaces writing the whole
/// column matrix (25x the image for a 5x5 kernel) and reading it back.
/// </summary>
internal static unsafe class ImplicitColumns
{
    public struct Matrix
    {
        public float* Source;
        public int* RowOffsets, ColumnOffsets;
    }

    /// <summary>Whether a chunk of <paramref name="images"/> fits 32-bit gather offsets.</summary>
    public static bool Fits(in ConvGeometry g, int images) => (long)images * g.InChannels * g.PaddedPlane < int.MaxValue;

    /// <summary>taps[(c * KH + r) * KW + s] = c * planeSize + r * paddedWidth + s.</summary>
    public static void TapOffsets(in ConvGeometry g, int* taps)
    {
        int wp = g.PaddedWidth, plane = (int)g.PaddedPlane;
        for (int c = 0; c < g.InChannels; c++)
            for (int r = 0; r < g.KernelHeight; r++)
                for (int s = 0; s < g.KernelWidth; s++)
                    *taps++ = c * plane + r * wp + s;
    }

    /// <summary>
    /// positions[image * P * Q + p * Q + q] = image * C * planeSize + p * stride * paddedWidth + q * stride: where
    /// position (p, q) reads, from a tap's origin. With one image it is also col2im's table (<see cref="Im2Col"/>).
    /// </summary>
    public static void PositionOffsets(in ConvGeometry g, int images, int* positions)
    {
        int wp = g.PaddedWidth, imageStride = (int)(g.InChannels * g.PaddedPlane);
        for (int n = 0; n < images; n++)
            for (int p = 0; p < g.OutHeight; p++)
                for (int q = 0; q < g.OutWidth; q++)
                    *positions++ = n * imageStride + p * g.Stride * wp + q * g.Stride;
    }

    /// <summary>Copies one plane into the middle of its zero-bordered slot.</summary>
    public static void PadPlane(in ConvGeometry g, float* plane, float* padded)
    {
        int wp = g.PaddedWidth, pad = g.Padding;
        if (pad > 0) CpuKernels.Clear(padded, g.PaddedPlane);
        for (int ih = 0; ih < g.InHeight; ih++)
            CpuKernels.Copy(plane + ih * g.InWidth, padded + (ih + pad) * wp + pad, g.InWidth);
    }

    /// <summary>How eight consecutive columns of a panel lie in the source: one after another, every second float, or scattered.</summary>
    private enum ColumnRun : byte
    {
        Scattered,
        Contiguous,
        EverySecond,
    }

    private static readonly Vector256<int> s_steps1 = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
    private static readonly Vector256<int> s_steps2 = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);

    /// <summary>
    /// Eight columns whose offsets step by 1 (a stride-1 convolution's positions within one output row, a kernel row's
    /// taps) are one load; stepping by 2 (stride 2) two loads and a de-interleave; anything else (a row or image
    /// boundary inside the eight, larger strides) a gather.
    /// </summary>
    private static ColumnRun Classify(int* columns)
    {
        var relative = Vector256.Load(columns) - Vector256.Create(columns[0]);
        if (relative == s_steps1) return ColumnRun.Contiguous;
        if (relative == s_steps2) return ColumnRun.EverySecond;
        return ColumnRun.Scattered;
    }

    /// <summary>
    /// A <see cref="Gemm.PanelSource"/> body: panels of <see cref="Matrix"/>, eight columns at a time. Each group of
    /// eight is classified once per panel (<see cref="Classify"/>) and then copied for every depth row without gathers
    /// where its offsets allow; AVX2's gather costs about one load per element on the machines this runs on, a
    /// plain load one per eight. The values packed are the same either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackPanels(void* context, int p0, int depth, int j0, int columns, int nr, float* packed)
    {
        var m = (Matrix*)context;
        int* rows = m->RowOffsets + p0;
        int groups = nr / 8;
        ColumnRun* runs = stackalloc ColumnRun[Math.Max(groups, 1)];
        for (int jr = 0; jr < columns; jr += nr, packed += nr * depth)
        {
            int valid = Math.Min(nr, columns - jr);
            int* cols = m->ColumnOffsets + j0 + jr;
            if (valid == nr && nr % 8 == 0 && Avx2.IsSupported)
            {
                for (int group = 0; group < groups; group++) runs[group] = Classify(cols + group * 8);
                for (int p = 0; p < depth; p++)
                {
                    float* origin = m->Source + rows[p];
                    float* target = packed + p * nr;
                    for (int group = 0, c = 0; group < groups; group++, c += 8)
                    {
                        float* first = origin + cols[c];
                        switch (runs[group])
                        {
                            case ColumnRun.Contiguous:
                                Vector256.Load(first).Store(target + c);
                                break;
                            case ColumnRun.EverySecond:
                                // Floats 0..7 and 7..14: the even ones of the first (0 2 | 4 6) and the odd ones of
                                // the second (8 10 | 12 14) per 128-bit lane, then the 64-bit pairs put in order. The
                                // last float read is the eighth column's own.
                                var low = Vector256.Load(first);
                                var high = Vector256.Load(first + 7);
                                var lanes = Avx.Shuffle(low, high, 0b11_01_10_00);
                                Avx2.Permute4x64(lanes.AsDouble(), 0b11_01_10_00).AsSingle().Store(target + c);
                                break;
                            default:
                                Avx2.GatherVector256(origin, Vector256.Load(cols + c), 4).Store(target + c);
                                break;
                        }
                    }
                }
                continue;
            }
            for (int p = 0; p < depth; p++)
            {
                float* origin = m->Source + rows[p];
                float* target = packed + p * nr;
                int c = 0;
                for (; c < valid; c++) target[c] = origin[cols[c]];
                for (; c < nr; c++) target[c] = 0f;
            }
        }
    }
}
