using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>
/// The implicit im2col packer reads eight columns as a few runs of plain loads, blended, where their offsets step by
/// 1 or 2 between row boundaries, and gathers elsewhere; every panel it packs must hold exactly what element-by-element indexing gives, for both the forward
/// table (columns are positions) and the filter gradient's transposed one (columns are taps).
/// </summary>
public sealed unsafe class ImplicitColumnsTests
{
    public static TheoryData<int, int, int, int, int, int> Geometries() => new()
    {
        // images, channels, size, kernel, stride, padding
        { 2, 3, 28, 5, 2, 2 },  // stride 2 with padding: runs of every second float, row and image boundaries
        { 2, 2, 14, 3, 1, 1 },  // stride 1: contiguous runs
        { 1, 4, 7, 7, 1, 0 },   // a valid 7x7 over 7x7: one position per image
        { 3, 2, 16, 4, 2, 1 },  // DCGAN's 4x4 stride 2
        { 2, 2, 17, 3, 3, 1 },  // stride 3: gathers only
        { 1, 1, 64, 4, 2, 1 },  // long rows: many whole runs per panel
        { 2, 3, 14, 5, 2, 2 },  // rows of 7 positions: every eight cross a row, taps in runs of 5 (three per eight)
        { 2, 2, 14, 4, 2, 1 },  // conv4x4's 14 -> 7: rows of 7, taps in runs of 4
        { 1, 3, 9, 1, 1, 0 },   // 1x1 taps a plane apart: gathered
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Packed_panels_equal_the_indexed_matrix(int images, int channels, int size, int kernel, int stride, int padding)
    {
        int outSize = (size + 2 * padding - kernel) / stride + 1;
        var g = new ConvGeometry(images, channels, size, size, 5, outSize, outSize, kernel, kernel, stride, padding);
        int sourceLength = checked((int)(images * channels * g.PaddedPlane));
        var source = new float[sourceLength];
        for (int i = 0; i < source.Length; i++) source[i] = i * 0.25f - 7f;
        var taps = new int[g.PatchSize];
        var positions = new int[images * g.FeatureSpatial];
        fixed (int* t = taps) ImplicitColumns.TapOffsets(g, t);
        fixed (int* p = positions) ImplicitColumns.PositionOffsets(g, images, p);

        foreach (int nr in new[] { 16, 32 })
        {
            Check(source, rows: taps, columns: positions, nr);   // forward: rows are taps, columns positions
            Check(source, rows: positions, columns: taps, nr);   // filter gradient: the same matrix transposed
        }
    }

    private static void Check(float[] source, int[] rows, int[] columns, int nr)
    {
        int depth = Math.Min(rows.Length, 37), p0 = rows.Length > 40 ? 3 : 0;
        depth = Math.Min(depth, rows.Length - p0);
        // Every start column modulo the panel width, so runs begin anywhere in a row.
        foreach (int j0 in new[] { 0, 1, 5, nr - 1 }.Where(j => j < columns.Length))
        {
            int width = columns.Length - j0;
            int panels = (width + nr - 1) / nr;
            var packed = new float[panels * nr * depth];
            fixed (float* s = source) fixed (int* r = rows) fixed (int* c = columns) fixed (float* target = packed)
            {
                var matrix = new ImplicitColumns.Matrix { Source = s, RowOffsets = r, ColumnOffsets = c };
                ImplicitColumns.PackPanels(&matrix, p0, depth, j0, width, nr, target);
            }
            for (int panel = 0; panel < panels; panel++)
                for (int p = 0; p < depth; p++)
                    for (int k = 0; k < nr; k++)
                    {
                        int column = j0 + panel * nr + k;
                        float expected = column < columns.Length ? source[rows[p0 + p] + columns[column]] : 0f;
                        float actual = packed[(panel * depth + p) * nr + k];
                        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
                            Assert.Fail($"nr {nr}, j0 {j0}: panel {panel} depth {p} column {k}: packed {actual}, indexed {expected}");
                    }
        }
    }
}
