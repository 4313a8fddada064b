using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>
/// Plain, obviously-correct double-precision versions of every kernel, written straight from the
/// PyTorch definitions with nested loops: the fast kernels are checked against these.
/// </summary>
internal static class Reference
{
    public static double Activate(double v, Activation act, double slope) => act switch
    {
        Activation.Relu => Math.Max(v, 0),
        Activation.LeakyRelu => v > 0 ? v : v * slope,
        Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
        Activation.Tanh => Math.Tanh(v),
        _ => v,
    };

    /// <summary>C = op(A) op(B) (+ C0 when accumulating), dense with leading dimensions.</summary>
    public static double[] Gemm(bool transA, bool transB, int m, int n, int k, double[] a, int lda, double[] b, int ldb, double[]? c0, int ldc)
    {
        var c = c0 is null ? new double[m * ldc] : (double[])c0.Clone();
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int p = 0; p < k; p++)
                sum += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
            c[i * ldc + j] = (c0 is null ? 0 : c[i * ldc + j]) + sum;
        }
        return c;
    }

    public static double[] Linear(double[] x, double[] w, double[]? bias, int batch, int inF, int outF, Activation act, double slope)
    {
        var y = new double[batch * outF];
        for (int b = 0; b < batch; b++)
        for (int o = 0; o < outF; o++)
        {
            double sum = bias?[o] ?? 0;
            for (int i = 0; i < inF; i++) sum += x[b * inF + i] * w[o * inF + i];
            y[b * outF + o] = Activate(sum, act, slope);
        }
        return y;
    }

    /// <summary>Visits every (image pixel, feature position, weight) triple the convolution connects.</summary>
    private static void ForEachTap(ConvGeometry g, Action<int, int, int, int, int, int, int, int, int> visit)
    {
        for (int n = 0; n < g.Batch; n++)
        for (int k = 0; k < g.OutChannels; k++)
        for (int c = 0; c < g.InChannels; c++)
        for (int p = 0; p < g.OutHeight; p++)
        for (int q = 0; q < g.OutWidth; q++)
        for (int r = 0; r < g.KernelHeight; r++)
        for (int s = 0; s < g.KernelWidth; s++)
        {
            int h = p * g.Stride - g.Padding + r, w = q * g.Stride - g.Padding + s;
            if (h < 0 || h >= g.InHeight || w < 0 || w >= g.InWidth) continue;
            visit(n, k, c, p, q, r, s, h, w);
        }
    }

    private static int ImageIndex(ConvGeometry g, int n, int c, int h, int w) => ((n * g.InChannels + c) * g.InHeight + h) * g.InWidth + w;
    private static int FeatureIndex(ConvGeometry g, int n, int k, int p, int q) => ((n * g.OutChannels + k) * g.OutHeight + p) * g.OutWidth + q;
    private static int WeightIndex(ConvGeometry g, int k, int c, int r, int s) => ((k * g.InChannels + c) * g.KernelHeight + r) * g.KernelWidth + s;

    public static double[] Conv2d(ConvGeometry g, double[] x, double[] w, double[]? bias, Activation act, double slope)
    {
        var y = new double[g.Batch * g.OutChannels * g.FeatureSpatial];
        ForEachTap(g, (n, k, c, p, q, r, s, h, ww) =>
            y[FeatureIndex(g, n, k, p, q)] += x[ImageIndex(g, n, c, h, ww)] * w[WeightIndex(g, k, c, r, s)]);
        return Finish(y, bias, g.OutChannels, g.FeatureSpatial, act, slope);
    }

    /// <summary>PyTorch's ConvTranspose2d: every input position scatters weight * value into the output.</summary>
    public static double[] ConvTranspose2d(ConvGeometry g, double[] x, double[] w, double[]? bias, Activation act, double slope)
    {
        var y = new double[g.Batch * g.InChannels * g.ImageSpatial];
        ForEachTap(g, (n, k, c, p, q, r, s, h, ww) =>
            y[ImageIndex(g, n, c, h, ww)] += x[FeatureIndex(g, n, k, p, q)] * w[WeightIndex(g, k, c, r, s)]);
        return Finish(y, bias, g.InChannels, g.ImageSpatial, act, slope);
    }

    /// <summary>d(sum(dy * conv(x, w)))/dw: the Conv2d filter gradient (and ConvTranspose2d's with roles swapped).</summary>
    public static double[] ConvFilterGradient(ConvGeometry g, double[] image, double[] feature)
    {
        var dw = new double[g.OutChannels * g.PatchSize];
        ForEachTap(g, (n, k, c, p, q, r, s, h, ww) =>
            dw[WeightIndex(g, k, c, r, s)] += feature[FeatureIndex(g, n, k, p, q)] * image[ImageIndex(g, n, c, h, ww)]);
        return dw;
    }

    private static double[] Finish(double[] y, double[]? bias, int channels, int spatial, Activation act, double slope)
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = Activate(y[i] + (bias?[i / spatial % channels] ?? 0), act, slope);
        return y;
    }

    public static double[] BiasGradient(double[] dy, int batch, int channels, int spatial)
    {
        var db = new double[channels];
        for (int i = 0; i < dy.Length; i++) db[i / spatial % channels] += dy[i];
        return db;
    }

    /// <summary>Training-mode batch norm: (y, mean, invStd, biased var).</summary>
    public static (double[] Y, double[] Mean, double[] InvStd, double[] Var) BatchNorm(double[] x, double[] gamma, double[] beta,
        int batch, int channels, int spatial, double eps, Activation act, double slope)
    {
        var y = new double[x.Length];
        var mean = new double[channels];
        var invStd = new double[channels];
        var variance = new double[channels];
        int m = batch * spatial;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0, squares = 0;
            for (int n = 0; n < batch; n++)
                for (int s = 0; s < spatial; s++) sum += x[(n * channels + c) * spatial + s];
            mean[c] = sum / m;
            for (int n = 0; n < batch; n++)
                for (int s = 0; s < spatial; s++) squares += Math.Pow(x[(n * channels + c) * spatial + s] - mean[c], 2);
            variance[c] = squares / m;
            invStd[c] = 1 / Math.Sqrt(variance[c] + eps);
            for (int n = 0; n < batch; n++)
                for (int s = 0; s < spatial; s++)
                {
                    int i = (n * channels + c) * spatial + s;
                    y[i] = Activate(gamma[c] * (x[i] - mean[c]) * invStd[c] + beta[c], act, slope);
                }
        }
        return (y, mean, invStd, variance);
    }
}
