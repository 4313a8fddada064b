using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>The padded-plane im2col (strided or short rows) moves exactly what the direct row walk moves.</summary>
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
    public void Padded_gather_and_scatter_equal_the_direct_walk_bit_for_bit(int h, int w, int kernel, int stride, int padding)
    {
        int p = (h + 2 * padding - kernel) / stride + 1, q = (w + 2 * padding - kernel) / stride + 1;
        var g = new ConvGeometry(1, 1, h, w, 1, p, q, kernel, kernel, stride, padding);
        long ld = g.FeatureSpatial + 3; // a column matrix wider than one image, as in a chunk
        using var plane = TestTensor.Random((long)h * w, 11);
        using var rowsDirect = new TestTensor(kernel * kernel * ld);
        using var rowsPadded = new TestTensor(kernel * kernel * ld);
        using var padded = new TestTensor(Im2Col.PaddedPlaneSize(g));
        var offsets = new int[g.FeatureSpatial];
        fixed (int* o = offsets)
        {
            Im2Col.PositionOffsets(g, o);
            Im2Col.Gather(g, plane.P, rowsDirect.P, ld);
            Im2Col.GatherPadded(g, plane.P, padded.P, o, rowsPadded.P, ld);
            for (int row = 0; row < kernel * kernel; row++)
                for (int i = 0; i < g.FeatureSpatial; i++)
                    Assert.Equal(rowsDirect[row * ld + i], rowsPadded[row * ld + i]);

            using var columns = TestTensor.Random(kernel * kernel * ld, 12);
            using var planeDirect = new TestTensor((long)h * w);
            using var planePadded = new TestTensor((long)h * w);
            Im2Col.Scatter(g, columns.P, ld, planeDirect.P);
            Im2Col.ScatterPadded(g, columns.P, ld, padded.P, o, planePadded.P);
            for (int i = 0; i < h * w; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(planeDirect[i]), BitConverter.SingleToInt32Bits(planePadded[i]));
        }
    }
}
