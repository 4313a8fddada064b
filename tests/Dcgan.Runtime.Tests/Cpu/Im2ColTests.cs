using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>The column matrix the GEMM packs from a padded image, and col2im's padded walk, against the plain definitions.</summary>
public sealed unsafe class Im2ColTests
{
    public static TheoryData<int, int, int, int, int> Planes() => new()
    {
        // H, W, kernel, stride, padding
        { 28, 28, 5, 2, 2 },  // fc_conv_mnist's first discriminator layer: rows of 14
        { 14, 14, 5, 2, 2 },  // its second: rows of 7
        { 7, 7, 3, 1, 1 },    // ganlab's last critic block: stride 1, rows too short to copy
        { 9, 8, 4, 2, 2 },    // uneven sides
        { 5, 5, 5, 1, 0 },    // one output position
        { 32, 32, 4, 2, 1 },  // dcgan64's discriminator
    };

    [Theory]
    [MemberData(nameof(Planes))]
    public void Padded_col2im_equals_the_direct_walk_bit_for_bit(int h, int w, int kernel, int stride, int padding)
    {
        foreach (var path in Enum.GetValues<GemmPath>().Where(Gemm.IsSupported))
        {
            Gemm.ForcedPath = path;
            try { PaddedCol2imEqualsTheDirectWalk(h, w, kernel, stride, padding); }
            finally { Gemm.ForcedPath = null; }
        }
    }

    private static void PaddedCol2imEqualsTheDirectWalk(int h, int w, int kernel, int stride, int padding)
    {
        var g = Geometry(images: 1, channels: 1, h, w, kernel, stride, padding);
        long ld = g.FeatureSpatial + 3; // a column matrix wider than one image, as in a chunk
        using var padded = new TestTensor(Im2Col.PaddedPlaneSize(g));
        var offsets = new int[g.FeatureSpatial];
        fixed (int* o = offsets)
        {
            ImplicitColumns.PositionOffsets(g, images: 1, o);
            using var columns = TestTensor.Random(kernel * kernel * ld, 12);
            using var planeDirect = new TestTensor((long)h * w);
            using var planePadded = new TestTensor((long)h * w);
            Im2Col.Scatter(g, columns.P, ld, planeDirect.P);
            Im2Col.ScatterPadded(g, columns.P, ld, padded.P, o, planePadded.P);
            for (int i = 0; i < h * w; i++)
                Assert.True(BitConverter.SingleToInt32Bits(planeDirect[i]) == BitConverter.SingleToInt32Bits(planePadded[i]),
                    $"{Gemm.ActivePath}: pixel {i} is {planePadded[i]}, the direct walk gives {planeDirect[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Planes))]
    public void Packed_panels_hold_the_im2col_matrix_and_its_transpose(int h, int w, int kernel, int stride, int padding)
    {
        const int images = 3, channels = 2, nr = 32;
        var g = Geometry(images, channels, h, w, kernel, stride, padding);
        int rows = g.PatchSize, columns = images * g.FeatureSpatial;
        using var x = TestTensor.Random((long)images * channels * h * w, 21);
        long plane = g.PaddedPlane;
        using var paddedImages = new TestTensor(images * channels * plane);
        for (int n = 0; n < images * channels; n++)
            ImplicitColumns.PadPlane(g, x.P + (long)n * h * w, paddedImages.P + n * plane);
        var taps = new int[rows];
        var positions = new int[columns];
        fixed (int* t = taps, pos = positions)
        {
            ImplicitColumns.TapOffsets(g, t);
            ImplicitColumns.PositionOffsets(g, images, pos);
            var forward = new ImplicitColumns.Matrix { Source = paddedImages.P, RowOffsets = t, ColumnOffsets = pos };
            var transposed = new ImplicitColumns.Matrix { Source = paddedImages.P, RowOffsets = pos, ColumnOffsets = t };
            // Panels of 32 columns starting part-way, with a ragged last panel, as a GEMM tile asks for them.
            CheckPanels(&forward, p0: 1, depth: rows - 1, j0: 5, count: columns - 5, (k, j) => ColumnMatrix(x, g, k, j));
            CheckPanels(&transposed, p0: 2, depth: columns - 2, j0: 0, count: rows, (k, j) => ColumnMatrix(x, g, j, k));
        }

        void CheckPanels(ImplicitColumns.Matrix* m, int p0, int depth, int j0, int count, Func<int, int, float> expected)
        {
            int panels = (count + nr - 1) / nr;
            var packed = new float[panels * nr * depth];
            fixed (float* target = packed) ImplicitColumns.PackPanels(m, p0, depth, j0, count, nr, target);
            for (int panel = 0; panel < panels; panel++)
                for (int p = 0; p < depth; p++)
                    for (int c = 0; c < nr; c++)
                    {
                        int j = panel * nr + c;
                        float want = j < count ? expected(p0 + p, j0 + j) : 0f;
                        Assert.Equal(want, packed[panel * nr * depth + p * nr + c]); // panel-major, k-major inside
                    }
        }
    }

    /// <summary>cols[(c, r, s), (n, p, q)] by definition: the input pixel the tap reads, 0 in the padding.</summary>
    private static float ColumnMatrix(TestTensor x, ConvGeometry g, int row, int column)
    {
        int c = row / (g.KernelHeight * g.KernelWidth), r = row / g.KernelWidth % g.KernelHeight, s = row % g.KernelWidth;
        int n = column / g.FeatureSpatial, p = column / g.OutWidth % g.OutHeight, q = column % g.OutWidth;
        int ih = p * g.Stride - g.Padding + r, iw = q * g.Stride - g.Padding + s;
        if (ih < 0 || ih >= g.InHeight || iw < 0 || iw >= g.InWidth) return 0f;
        return x[(((long)n * g.InChannels + c) * g.InHeight + ih) * g.InWidth + iw];
    }

    private static ConvGeometry Geometry(int images, int channels, int h, int w, int kernel, int stride, int padding)
    {
        int p = (h + 2 * padding - kernel) / stride + 1, q = (w + 2 * padding - kernel) / stride + 1;
        return new ConvGeometry(images, channels, h, w, 1, p, q, kernel, kernel, stride, padding);
    }
}
