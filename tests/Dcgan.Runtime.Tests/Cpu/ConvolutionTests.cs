using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

public sealed unsafe class ConvolutionTests
{
    /// <summary>Small odd geometries: stride 1 and 2, padding 0/1/2, kernels 3/4/5, and sizes where
    /// ConvTranspose2d needs output padding (H=14 from P=7 with k5 s2 p2).</summary>
    public static TheoryData<int, int, int, int, int, int, int, int> Geometries() => new()
    {
        // batch, C, H, K, kernel, stride, padding, W
        { 3, 5, 7, 4, 3, 1, 1, 7 },
        { 3, 5, 7, 6, 3, 2, 1, 7 },
        { 3, 5, 7, 3, 4, 2, 1, 7 },
        { 3, 5, 7, 2, 5, 2, 2, 7 },
        { 3, 5, 14, 4, 5, 2, 2, 14 },  // P = 7: the ConvT view gets output padding 1
        { 2, 3, 9, 5, 4, 2, 2, 8 },
        { 3, 7, 5, 4, 5, 1, 0, 5 },   // 1x1 output ("valid" to a single position)
        { 8, 64, 14, 64, 3, 1, 1, 14 }, // ganlab's critic: sizes that span several GEMM blocks and threads
        { 8, 1, 28, 32, 3, 1, 1, 28 },
    };

    private static ConvGeometry Geometry(int batch, int c, int h, int k, int kernel, int stride, int padding, int w)
    {
        int p = (h + 2 * padding - kernel) / stride + 1, q = (w + 2 * padding - kernel) / stride + 1;
        return new ConvGeometry(batch, c, h, w, k, p, q, kernel, kernel, stride, padding);
    }

    private static long ImageSize(ConvGeometry g) => (long)g.Batch * g.InChannels * g.ImageSpatial;
    private static long FeatureSize(ConvGeometry g) => (long)g.Batch * g.OutChannels * g.FeatureSpatial;
    private static long WeightSize(ConvGeometry g) => (long)g.OutChannels * g.PatchSize;

    /// <summary>Big batches run in chunks of images (a memory budget): a batch of 7 in chunks of 3, 3 and 1.</summary>
    [Theory]
    [InlineData(7, 3, 14, 5, 5, 2, 2, 14)]
    [InlineData(7, 2, 9, 4, 3, 1, 1, 9)]
    public void A_batch_split_into_uneven_chunks_gives_the_same_result(int batch, int c, int h, int k, int kernel, int stride, int padding, int w)
    {
        var g = Geometry(batch, c, h, k, kernel, stride, padding, w);
        long budget = CpuKernels.ColumnBudget;
        CpuKernels.ColumnBudget = 3L * g.PatchSize * g.FeatureSpatial;
        try
        {
            Conv2dMatchesReferenceInAllDirections(batch, c, h, k, kernel, stride, padding, w);
            ConvTranspose2dMatchesReferenceInAllDirections(batch, c, h, k, kernel, stride, padding, w);
        }
        finally { CpuKernels.ColumnBudget = budget; }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Conv2dMatchesReferenceInAllDirections(int batch, int c, int h, int k, int kernel, int stride, int padding, int w)
    {
        var g = Geometry(batch, c, h, k, kernel, stride, padding, w);
        using var x = TestTensor.Random(ImageSize(g), 1);
        using var weight = TestTensor.Random(WeightSize(g), 2);
        using var bias = TestTensor.Random(g.OutChannels, 3);
        using var y = new TestTensor(FeatureSize(g));
        CpuKernels.Conv2dForward(g, x.P, weight.P, bias.P, y.P, Activation.LeakyRelu, 0.2f);
        Check.Close(Reference.Conv2d(g, x.ToDouble(), weight.ToDouble(), bias.ToDouble(), Activation.LeakyRelu, 0.2), y, "y");

        using var dy = TestTensor.Random(FeatureSize(g), 4);
        using var dx = TestTensor.Random(ImageSize(g), 5); // garbage: must be overwritten
        CpuKernels.Conv2dBackwardData(g, dy.P, weight.P, dx.P);
        Check.Close(Reference.ConvTranspose2d(g, dy.ToDouble(), weight.ToDouble(), null, Activation.None, 0), dx, "dx");

        using var dw = TestTensor.Random(WeightSize(g), 6);
        var dwBefore = dw.ToDouble();
        CpuKernels.Conv2dBackwardFilter(g, x.P, dy.P, dw.P);
        var expected = Reference.ConvFilterGradient(g, x.ToDouble(), dy.ToDouble());
        for (int i = 0; i < expected.Length; i++) expected[i] += dwBefore[i]; // accumulates
        Check.Close(expected, dw, "dw");

        using var db = TestTensor.Random(g.OutChannels, 7);
        var dbExpected = Reference.BiasGradient(dy.ToDouble(), g.Batch, g.OutChannels, g.FeatureSpatial);
        for (int i = 0; i < dbExpected.Length; i++) dbExpected[i] += db[i];
        CpuKernels.BiasBackward(dy.P, db.P, g.Batch, g.OutChannels, g.FeatureSpatial);
        Check.Close(dbExpected, db, "dbias");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ConvTranspose2dMatchesReferenceInAllDirections(int batch, int c, int h, int k, int kernel, int stride, int padding, int w)
    {
        // Here the feature side [N, K, P, Q] is the input and the image side [N, C, H, W] the output.
        var g = Geometry(batch, c, h, k, kernel, stride, padding, w);
        using var x = TestTensor.Random(FeatureSize(g), 11);
        using var weight = TestTensor.Random(WeightSize(g), 12);
        using var bias = TestTensor.Random(g.InChannels, 13);
        using var y = TestTensor.Random(ImageSize(g), 14);
        CpuKernels.ConvTranspose2dForward(g, x.P, weight.P, bias.P, y.P, Activation.Tanh, 0f);
        Check.Close(Reference.ConvTranspose2d(g, x.ToDouble(), weight.ToDouble(), bias.ToDouble(), Activation.Tanh, 0), y, "y");

        using var dy = TestTensor.Random(ImageSize(g), 15);
        using var dx = TestTensor.Random(FeatureSize(g), 16);
        CpuKernels.ConvTranspose2dBackwardData(g, dy.P, weight.P, dx.P);
        Check.Close(Reference.Conv2d(g, dy.ToDouble(), weight.ToDouble(), null, Activation.None, 0), dx, "dx");

        using var dw = TestTensor.Random(WeightSize(g), 17);
        var dwBefore = dw.ToDouble();
        CpuKernels.ConvTranspose2dBackwardFilter(g, x.P, dy.P, dw.P);
        // ConvTranspose2d's output is the image side, so its filter gradient pairs dy (image) with x (feature).
        var expected = Reference.ConvFilterGradient(g, dy.ToDouble(), x.ToDouble());
        for (int i = 0; i < expected.Length; i++) expected[i] += dwBefore[i];
        Check.Close(expected, dw, "dw");
    }

    [Fact]
    public void ForwardWithoutBiasOrActivationIsThePlainConvolution()
    {
        var g = Geometry(2, 3, 6, 4, 3, 1, 0, 6);
        using var x = TestTensor.Random(ImageSize(g), 21);
        using var weight = TestTensor.Random(WeightSize(g), 22);
        using var y = new TestTensor(FeatureSize(g));
        CpuKernels.Conv2dForward(g, x.P, weight.P, null, y.P, Activation.None, 0f);
        Check.Close(Reference.Conv2d(g, x.ToDouble(), weight.ToDouble(), null, Activation.None, 0), y, "y");
    }

    [Fact]
    public void RejectsAGeometryWhoseOutputSizeIsWrong()
    {
        var g = new ConvGeometry(1, 1, 7, 7, 1, 5, 4, 3, 3, 1, 0);
        Assert.Throws<ArgumentException>(() => CpuKernels.Conv2dForward(g, null, null, null, null, Activation.None, 0f));
    }
}
