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

    /// <summary>A <see cref="Gemm.PanelSource"/> body: panels of <see cref="Matrix"/>, eight columns per AVX2 gather.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackPanels(void* context, int p0, int depth, int j0, int columns, int nr, float* packed)
    {
        var m = (Matrix*)context;
        int* rows = m->RowOffsets + p0;
        for (int jr = 0; jr < columns; jr += nr, packed += nr * depth)
        {
            int valid = Math.Min(nr, columns - jr);
            int* cols = m->ColumnOffsets + j0 + jr;
            if (valid == nr && nr % 8 == 0 && Avx2.IsSupported)
            {
                for (int p = 0; p < depth; p++)
                {
                    float* origin = m->Source + rows[p];
                    float* target = packed + p * nr;
                    for (int c = 0; c < nr; c += 8)
                        Avx2.GatherVector256(origin, Vector256.Load(cols + c), 4).Store(target + c);
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
