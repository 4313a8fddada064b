using System.Runtime.CompilerServices;
namespace Dcgan.Runtime.Cpu;

/// <summary>
/// Layout moves between NCHW tensors and the GEMM's matrices for a chunk of images.
/// The column matrix is [C*KH*KW, images*P*Q]: row (c, r, s), column (image, p, q); putting the
/// chunk's images side by side makes one wide GEMM instead of many thin per-image ones.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>
    /// Writes channel c of one image into its KH*KW rows of the column matrix
    /// (<paramref name="rows"/> points at row (c, 0, 0), column of this image's first position).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(in ConvGeometry g, float* plane, float* rows, long ld)
    {
        int h = g.InHeight, w = g.InWidth, p = g.OutHeight, q = g.OutWidth, stride = g.Stride, pad = g.Padding;
        for (int r = 0; r < g.KernelHeight; r++)
        for (int s = 0; s < g.KernelWidth; s++)
        {
            float* row = rows + (r * g.KernelWidth + s) * ld;
            (int qLo, int qHi) = ValidColumns(s, w, q, stride, pad);
            for (int op = 0; op < p; op++, row += q)
            {
                int ih = op * stride - pad + r;
                if ((uint)ih >= (uint)h)
                {
                    CpuKernels.Clear(row, q);
                    continue;
                }
                float* source = plane + ih * w - pad + s;
                for (int oq = 0; oq < qLo; oq++) row[oq] = 0f;
                if (stride == 1)
                    CpuKernels.Copy(source + qLo, row + qLo, qHi - qLo);
                else
                    for (int oq = qLo; oq < qHi; oq++) row[oq] = source[oq * stride];
                for (int oq = qHi; oq < q; oq++) row[oq] = 0f;
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Gather"/>: overwrites channel c of one image with the sum of its
    /// KH*KW column rows at the pixels they came from. Visits rows in a fixed order (deterministic).
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
