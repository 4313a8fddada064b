using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>
/// nn.Upsample(scale_factor=2) in bilinear (align_corners=False) and nearest modes against double
/// references written from PyTorch's index formulas; backward passes as exact adjoints and by
/// central differences.
/// </summary>
public sealed unsafe class UpsampleTests
{
    /// <summary>batch, channels, height, width: odd and even, 1x1 and 7x7, single rows and columns,
    /// widths around the 4- and 8-column SIMD blocks (4 to 10, 16, 17, 33) and past the backward pass's
    /// 256-column tile (300).</summary>
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 1, 1, 1, 1 },
        { 2, 3, 1, 1 },
        { 1, 1, 2, 2 },
        { 2, 3, 7, 7 },
        { 3, 2, 4, 6 },
        { 2, 1, 5, 9 },
        { 1, 2, 1, 17 },
        { 1, 2, 13, 1 },
        { 3, 2, 4, 4 },
        { 1, 2, 3, 5 },
        { 1, 2, 3, 8 },
        { 2, 1, 4, 9 },
        { 1, 1, 2, 10 },
        { 2, 2, 8, 16 },
        { 1, 2, 3, 300 },
        { 2, 3, 11, 33 },
    };

    /// <summary>PyTorch's linear source index for align_corners=False: (index0, index1, lambda0, lambda1).</summary>
    private static (int, int, double, double) SourceIndex(int dst, int inputSize)
    {
        double scale = 0.5; // 1 / scale_factor
        double real = Math.Max(scale * (dst + 0.5) - 0.5, 0.0);
        int index0 = Math.Min((int)Math.Floor(real), inputSize - 1);
        double lambda1 = Math.Min(Math.Max(real - index0, 0.0), 1.0);
        int index1 = Math.Min(index0 + 1, inputSize - 1);
        return (index0, index1, 1 - lambda1, lambda1);
    }

    private static double[] BilinearReference(double[] x, int planes, int h, int w)
    {
        int oh = 2 * h, ow = 2 * w;
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
        for (int r = 0; r < oh; r++)
        for (int c = 0; c < ow; c++)
        {
            var (h0, h1, hl0, hl1) = SourceIndex(r, h);
            var (w0, w1, wl0, wl1) = SourceIndex(c, w);
            double X(int i, int j) => x[(p * h + i) * w + j];
            y[(p * oh + r) * ow + c] = hl0 * (wl0 * X(h0, w0) + wl1 * X(h0, w1)) + hl1 * (wl0 * X(h1, w0) + wl1 * X(h1, w1));
        }
        return y;
    }

    /// <summary>The transpose of <see cref="BilinearReference"/>: every dy element scattered with its four weights.</summary>
    private static double[] BilinearBackwardReference(double[] dy, int planes, int h, int w)
    {
        int oh = 2 * h, ow = 2 * w;
        var dx = new double[planes * h * w];
        for (int p = 0; p < planes; p++)
        for (int r = 0; r < oh; r++)
        for (int c = 0; c < ow; c++)
        {
            var (h0, h1, hl0, hl1) = SourceIndex(r, h);
            var (w0, w1, wl0, wl1) = SourceIndex(c, w);
            double g = dy[(p * oh + r) * ow + c];
            dx[(p * h + h0) * w + w0] += hl0 * wl0 * g;
            dx[(p * h + h0) * w + w1] += hl0 * wl1 * g;
            dx[(p * h + h1) * w + w0] += hl1 * wl0 * g;
            dx[(p * h + h1) * w + w1] += hl1 * wl1 * g;
        }
        return dx;
    }

    /// <summary>
    /// PyTorch's generic CPU kernel replayed in float: width taps t = x[i0]*l0 + x[i1]*l1 per row, then
    /// t0*hl0 + t1*hl1, with its own edge weights (1, 0) at output 0.
    /// </summary>
    private static float[] BilinearTorchFloat(float[] x, int planes, int h, int w)
    {
        int oh = 2 * h, ow = 2 * w;
        var y = new float[planes * oh * ow];
        for (int p = 0; p < planes; p++)
        for (int r = 0; r < oh; r++)
        for (int c = 0; c < ow; c++)
        {
            var (h0, h1, hl0, hl1) = SourceIndex(r, h);
            var (w0, w1, wl0, wl1) = SourceIndex(c, w);
            float X(int i, int j) => x[(p * h + i) * w + j];
            float t0 = X(h0, w0) * (float)wl0 + X(h0, w1) * (float)wl1;
            float t1 = X(h1, w0) * (float)wl0 + X(h1, w1) * (float)wl1;
            y[(p * oh + r) * ow + c] = t0 * (float)hl0 + t1 * (float)hl1;
        }
        return y;
    }

    private static double[] NearestReference(double[] x, int planes, int h, int w)
    {
        int oh = 2 * h, ow = 2 * w;
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
        for (int r = 0; r < oh; r++)
        for (int c = 0; c < ow; c++)
            y[(p * oh + r) * ow + c] = x[(p * h + (int)Math.Floor(r * 0.5)) * w + (int)Math.Floor(c * 0.5)];
        return y;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    [Fact]
    public void BilinearKnownTwoByTwo()
    {
        using var x = TestTensor.From([1, 2, 3, 4]);
        using var y = new TestTensor(16);
        CpuKernels.UpsampleBilinear2x(x.P, y.P, 1, 1, 2, 2);
        float[] expected =
        [
            1f, 1.25f, 1.75f, 2f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.5f, 2.75f, 3.25f, 3.5f,
            3f, 3.25f, 3.75f, 4f,
        ];
        Assert.Equal(expected, y.ToArray());
    }

    [Fact]
    public void NearestKnownTwoByTwo()
    {
        using var x = TestTensor.From([1, 2, 3, 4]);
        using var y = new TestTensor(16);
        CpuKernels.UpsampleNearest2x(x.P, y.P, 1, 1, 2, 2);
        Assert.Equal([1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f, 3f, 3f, 4f, 4f], y.ToArray());

        using var dx = new TestTensor(4);
        CpuKernels.UpsampleNearest2xBackward(y.P, dx.P, 1, 1, 2, 2);
        Assert.Equal([4f, 8f, 12f, 16f], dx.ToArray());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BilinearForwardMatchesPyTorchFormula(int batch, int channels, int h, int w)
    {
        int planes = batch * channels;
        using var x = TestTensor.Random((long)planes * h * w, 1, -2f, 2f);
        using var y = TestTensor.Random(4L * planes * h * w, 2); // stale contents must be overwritten
        CpuKernels.UpsampleBilinear2x(x.P, y.P, batch, channels, h, w);
        Check.Close(BilinearReference(x.ToDouble(), planes, h, w), y, "y", 1e-6, 0);
        // Same float operations as PyTorch's kernel, edges included, so the same bits.
        Check.BitIdentical(BilinearTorchFloat(x.ToArray(), planes, h, w), y.ToArray(), "y vs float replay");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BilinearBackwardIsTheAdjoint(int batch, int channels, int h, int w)
    {
        int planes = batch * channels;
        using var x = TestTensor.Random((long)planes * h * w, 1);
        using var y = new TestTensor(4L * planes * h * w);
        using var dy = TestTensor.Random(y.Length, 2);
        using var dx = TestTensor.Random(x.Length, 3); // overwritten, not accumulated
        CpuKernels.UpsampleBilinear2x(x.P, y.P, batch, channels, h, w);
        CpuKernels.UpsampleBilinear2xBackward(dy.P, dx.P, batch, channels, h, w);

        var dyD = dy.ToDouble();
        Check.Close(BilinearBackwardReference(dyD, planes, h, w), dx, "dx", 1e-6, 1e-7);
        double upDot = Dot(dyD, BilinearReference(x.ToDouble(), planes, h, w));
        double downDot = Dot(dx.ToDouble(), x.ToDouble());
        Assert.Equal(upDot, downDot, 1e-5 * Math.Max(1, Math.Abs(upDot)));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void NearestMatchesReferenceAndBackwardIsTheAdjoint(int batch, int channels, int h, int w)
    {
        int planes = batch * channels;
        using var x = TestTensor.Random((long)planes * h * w, 1);
        using var y = TestTensor.Random(4L * planes * h * w, 2);
        CpuKernels.UpsampleNearest2x(x.P, y.P, batch, channels, h, w);
        Check.Close(NearestReference(x.ToDouble(), planes, h, w), y, "y", 0, 0);

        using var dy = TestTensor.Random(y.Length, 3);
        using var dx = TestTensor.Random(x.Length, 4);
        CpuKernels.UpsampleNearest2xBackward(dy.P, dx.P, batch, channels, h, w);
        // PyTorch accumulates the 2x2 block in output order, starting from zero.
        var expected = new float[x.Length];
        int ow = 2 * w;
        for (int p = 0; p < planes; p++)
        for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
        {
            float* top = dy.P + ((long)p * 2 * h + 2 * i) * ow + 2 * j;
            expected[(p * h + i) * w + j] = top[0] + top[1] + top[ow] + top[ow + 1];
        }
        Check.BitIdentical(expected, dx.ToArray(), "dx");
        double upDot = Dot(dy.ToDouble(), NearestReference(x.ToDouble(), planes, h, w));
        Assert.Equal(upDot, Dot(dx.ToDouble(), x.ToDouble()), 1e-5 * Math.Max(1, Math.Abs(upDot)));
    }

    [Theory]
    [InlineData(2, 2, 3, 5)]
    [InlineData(1, 1, 1, 1)]
    [InlineData(1, 2, 4, 11)]
    public void BackwardsMatchCentralDifferences(int batch, int channels, int h, int w)
    {
        int planes = batch * channels;
        using var x = TestTensor.Random((long)planes * h * w, 1);
        using var y = new TestTensor(4L * planes * h * w);
        using var r = TestTensor.Random(y.Length, 2);
        using var dx = new TestTensor(x.Length);
        foreach (bool bilinear in new[] { true, false })
        {
            double Objective()
            {
                if (bilinear) CpuKernels.UpsampleBilinear2x(x.P, y.P, batch, channels, h, w);
                else CpuKernels.UpsampleNearest2x(x.P, y.P, batch, channels, h, w);
                double sum = 0;
                for (long i = 0; i < y.Length; i++) sum += (double)r[i] * y[i];
                return sum;
            }
            if (bilinear) CpuKernels.UpsampleBilinear2xBackward(r.P, dx.P, batch, channels, h, w);
            else CpuKernels.UpsampleNearest2xBackward(r.P, dx.P, batch, channels, h, w);

            var numeric = new double[x.Length];
            const float step = 1e-2f;
            for (long i = 0; i < x.Length; i++)
            {
                float saved = x[i];
                x[i] = saved + step;
                float up = x[i];
                double fUp = Objective();
                x[i] = saved - step;
                float down = x[i];
                double fDown = Objective();
                x[i] = saved;
                numeric[i] = (fUp - fDown) / ((double)up - down);
            }
            Check.Close(numeric, dx.ToDouble(), bilinear ? "bilinear dx" : "nearest dx", 2e-3, 2e-3);
        }
    }

    [Fact]
    public void BilinearEdgesCopyTheEdgeInputsExactly()
    {
        // The kernel writes v*0.25 + v*0.75 where PyTorch's weights are (1, 0) or (0.75, 0.25) on
        // one value: that must round back to v, including awkward significands and tiny values.
        float[] values = [1f, 1.00000012f, 16777215f, 0.1f, -3.3333333f, 1e-38f, 1e-45f, -0f, 3.4028235e38f, 123456.789f, 5.0000005f];
        using var x = TestTensor.From(values.Select(v => (double)v).ToArray());
        using var y = new TestTensor(4L * values.Length);
        CpuKernels.UpsampleBilinear2x(x.P, y.P, values.Length, 1, 1, 1);
        for (int i = 0; i < values.Length; i++)
            for (int k = 0; k < 4; k++)
                Assert.Equal(BitConverter.SingleToInt32Bits(values[i]), BitConverter.SingleToInt32Bits(y[4 * i + k]));
    }
}
