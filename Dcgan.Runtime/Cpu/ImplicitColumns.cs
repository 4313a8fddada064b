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

    /// <summary>
    /// How eight consecutive columns of a panel lie in the source: as at most <see cref="MaxRuns"/> runs that each step
    /// by <see cref="Step"/> (1 or 2) floats, a new run starting wherever the step breaks (a row or image boundary among
    /// positions, a kernel row among taps). Run r is read as one vector from <c>Origins[r]</c>, the address its column
    /// 0 would have, and supplies the lanes from <c>Starts[r]</c> on. <see cref="Runs"/> 0: no such description (a
    /// stride above 2, too many breaks), so the eight are gathered.
    /// </summary>
    private struct ColumnGroup
    {
        public const int MaxRuns = 4;
        public int Runs, Step;
        public fixed int Origins[MaxRuns];
        public fixed int Starts[MaxRuns];
    }

    /// <summary>
    /// Splits eight column offsets into runs. Every offset is at least <c>Step</c> past the one before, so the vector
    /// of a run, whose lanes step by <c>Step</c> from its origin, reads nothing before the group's first offset or
    /// past its last: every load stays inside the matrix's source.
    /// </summary>
    private static ColumnGroup Describe(int* columns)
    {
        var group = new ColumnGroup();
        int step = columns[1] - columns[0];
        if (step is not (1 or 2)) return group;
        int runs = 0;
        for (int c = 0; c < 8; c++)
        {
            if (c > 0)
            {
                int gap = columns[c] - columns[c - 1];
                if (gap < step) return new ColumnGroup();
                if (gap == step) continue;
            }
            if (runs == ColumnGroup.MaxRuns) return new ColumnGroup();
            group.Origins[runs] = columns[c] - step * c;
            group.Starts[runs] = c;
            runs++;
        }
        group.Runs = runs;
        group.Step = step;
        return group;
    }

    /// <summary>Eight floats from <paramref name="first"/> stepping by 1 or 2 (two loads and a de-interleave).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadRun(float* first, int step)
    {
        if (step == 1) return Vector256.Load(first);
        // Floats 0..7 and 7..14: the even ones of the first (0 2 | 4 6) and the odd ones of the second (8 10 | 12 14)
        // per 128-bit lane, then the 64-bit pairs put in order. The last float read is the eighth column's own.
        var low = Vector256.Load(first);
        var high = Vector256.Load(first + 7);
        var lanes = Avx.Shuffle(low, high, 0b11_01_10_00);
        return Avx2.Permute4x64(lanes.AsDouble(), 0b11_01_10_00).AsSingle();
    }

    /// <summary>
    /// A <see cref="Gemm.PanelSource"/> body: panels of <see cref="Matrix"/>, eight columns at a time. Each group of
    /// eight is described once per panel (<see cref="Describe"/>) and then, for every depth row, read as one or a few
    /// plain vector loads blended together where its offsets allow, a gather where not; AVX2's gather costs about one
    /// load per element on the machines this runs on, a plain load one per eight. Columns past the last whole group
    /// are copied one by one. The values packed are the same either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackPanels(void* context, int p0, int depth, int j0, int columns, int nr, float* packed)
    {
        var m = (Matrix*)context;
        int* rows = m->RowOffsets + p0;
        ColumnGroup* groups = stackalloc ColumnGroup[Math.Max(nr / 8, 1)];
        Vector256<float>* masks = stackalloc Vector256<float>[Math.Max(nr / 8, 1) * ColumnGroup.MaxRuns];
        for (int jr = 0; jr < columns; jr += nr, packed += nr * depth)
        {
            int valid = Math.Min(nr, columns - jr);
            int* cols = m->ColumnOffsets + j0 + jr;
            int vectorColumns = Avx2.IsSupported ? valid / 8 * 8 : 0;
            for (int group = 0; group < vectorColumns / 8; group++)
            {
                groups[group] = Describe(cols + group * 8);
                for (int r = 1; r < groups[group].Runs; r++)
                    masks[group * ColumnGroup.MaxRuns + r] = Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(groups[group].Starts[r])).AsSingle();
            }
            for (int p = 0; p < depth; p++)
            {
                float* origin = m->Source + rows[p];
                float* target = packed + p * nr;
                for (int c = 0; c < vectorColumns; c += 8)
                {
                    ColumnGroup* g = groups + c / 8;
                    if (g->Runs == 0)
                    {
                        Avx2.GatherVector256(origin, Vector256.Load(cols + c), 4).Store(target + c);
                        continue;
                    }
                    var values = LoadRun(origin + g->Origins[0], g->Step);
                    for (int r = 1; r < g->Runs; r++)
                        values = Avx.BlendVariable(values, LoadRun(origin + g->Origins[r], g->Step), masks[c / 8 * ColumnGroup.MaxRuns + r]);
                    values.Store(target + c);
                }
                int rest = vectorColumns;
                for (; rest < valid; rest++) target[rest] = origin[cols[rest]];
                for (; rest < nr; rest++) target[rest] = 0f;
            }
        }
    }
}
