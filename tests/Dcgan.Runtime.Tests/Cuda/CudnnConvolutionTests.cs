using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Cuda;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>
/// The CUDA step hands convolutions to cuDNN. These tests run each cuDNN routine as cuDNN defines it (plain loops over the
/// descriptors' dimensions: cross-correlation, its adjoint in x, its adjoint in w) for the routine the mapping picks, and
/// compare with the CPU kernel the generated step calls, for both layer kinds and geometries from the zoo.
/// </summary>
public sealed unsafe class CudnnConvolutionTests
{
    /// <summary>Every (image index, feature index, filter index) triple that cuDNN's cross-correlation multiplies together.</summary>
    private static IEnumerable<(long Image, long Feature, long Filter)> Taps(CudnnConvolution c)
    {
        int[] x = c.ImageDims, y = c.FeatureDims, w = c.FilterDims;
        for (int n = 0; n < x[0]; n++)
            for (int k = 0; k < y[1]; k++)
                for (int p = 0; p < y[2]; p++)
                    for (int q = 0; q < y[3]; q++)
                        for (int ch = 0; ch < x[1]; ch++)
                            for (int r = 0; r < w[2]; r++)
                                for (int s = 0; s < w[3]; s++)
                                {
                                    int h = p * c.Stride - c.Padding + r, v = q * c.Stride - c.Padding + s;
                                    if (h < 0 || h >= x[2] || v < 0 || v >= x[3]) continue;
                                    yield return (((long)(n * x[1] + ch) * x[2] + h) * x[3] + v, ((long)(n * y[1] + k) * y[2] + p) * y[3] + q,
                                        ((long)(k * w[1] + ch) * w[2] + r) * w[3] + s);
                                }
    }

    /// <summary>cuDNN's routine on plain arrays: Forward writes feature, BackwardData writes image, BackwardFilter adds into filter.</summary>
    private static void RunAsCudnn(CudnnConvolution c, CudnnConvolutionRoutine routine, float[] image, float[] feature, float[] filter)
    {
        var sum = new double[routine switch
        {
            CudnnConvolutionRoutine.Forward => feature.Length,
            CudnnConvolutionRoutine.BackwardData => image.Length,
            _ => filter.Length,
        }];
        foreach (var (i, f, w) in Taps(c))
        {
            switch (routine)
            {
                case CudnnConvolutionRoutine.Forward: sum[f] += (double)image[i] * filter[w]; break;
                case CudnnConvolutionRoutine.BackwardData: sum[i] += (double)feature[f] * filter[w]; break;
                default: sum[w] += (double)image[i] * feature[f]; break;
            }
        }
        var target = routine switch { CudnnConvolutionRoutine.Forward => feature, CudnnConvolutionRoutine.BackwardData => image, _ => filter };
        for (int j = 0; j < sum.Length; j++)
            target[j] = routine == CudnnConvolutionRoutine.BackwardFilter ? (float)(target[j] + sum[j]) : (float)sum[j];
    }

    private static float[] Random(long count, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, (int)count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"{what}, element {i}: CPU {expected[i]}, cuDNN routine {actual[i]}");
    }

    public static TheoryData<bool, int, int, int, int, int, int, int, int> Layers => new()
    {
        // transposed, batch, image C, H, W, feature K, kernel, stride, padding (feature side size follows)
        { false, 2, 1, 28, 28, 4, 4, 2, 1 },   // conv4x4's first D layer, narrowed
        { false, 2, 3, 9, 9, 5, 3, 1, 1 },
        { false, 1, 2, 11, 11, 3, 5, 2, 2 },   // tf_dcgan's 5x5 stride 2
        { true, 2, 1, 28, 28, 4, 4, 2, 1 },    // a ConvTranspose2d 4 -> 1 channels, 14x14 -> 28x28
        { true, 2, 3, 7, 7, 2, 7, 1, 0 },      // tf_dcgan's 7x7 valid ConvTranspose from 1x1
        { true, 1, 2, 14, 14, 3, 5, 2, 2 },    // 7x7 -> 14x14 with output padding 1: the image side is one pixel past the minimum
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Each_layer_direction_maps_to_the_cudnn_routine_that_computes_it(bool transposed, int batch, int c, int h, int w, int k, int kernel, int stride, int padding)
    {
        int p = (h + 2 * padding - kernel) / stride + 1, q = (w + 2 * padding - kernel) / stride + 1;
        var g = new ConvGeometry(batch, c, h, w, k, p, q, kernel, kernel, stride, padding);
        var cudnn = new CudnnConvolution(g);
        Assert.Equal([k, c, kernel, kernel], cudnn.FilterDims);
        long imageSize = (long)batch * c * h * w, featureSize = (long)batch * k * p * q, filterSize = (long)k * c * kernel * kernel;
        // The layer's own input and output sides, by the one rule (Shared/ConvolutionSides.cs) the CPU kernels and RoutineFor follow.
        bool inputIsImage = ConvolutionSides.InputIsImage(transposed);
        long inputSize = inputIsImage ? imageSize : featureSize, outputSize = inputIsImage ? featureSize : imageSize;
        float[] input = Random(inputSize, 1), weight = Random(filterSize, 2), outputGradient = Random(outputSize, 3);
        float[] output = new float[outputSize], inputGradient = new float[inputSize], weightGradient = Random(filterSize, 4);
        float[] weightGradientBefore = (float[])weightGradient.Clone();
        fixed (float* x = input, wt = weight, y = output, dy = outputGradient, dx = inputGradient, dw = weightGradient)
        {
            if (transposed)
            {
                CpuKernels.ConvTranspose2dForward(g, x, wt, null, y, Activation.None, 0f);
                CpuKernels.ConvTranspose2dBackwardData(g, dy, wt, dx);
                CpuKernels.ConvTranspose2dBackwardFilter(g, x, dy, dw);
            }
            else
            {
                CpuKernels.Conv2dForward(g, x, wt, null, y, Activation.None, 0f);
                CpuKernels.Conv2dBackwardData(g, dy, wt, dx);
                CpuKernels.Conv2dBackwardFilter(g, x, dy, dw);
            }
        }

        // Each piece of work through the routine the mapping picks, reading and writing the sides that routine has.
        float[] Side(bool imageSide, float[] layerInput, float[] layerOutput) => imageSide == inputIsImage ? layerInput : layerOutput;

        var forwardOut = new float[outputSize];
        Run(ConvolutionWork.Forward, Side(true, input, forwardOut), Side(false, input, forwardOut), weight);
        AssertClose(output, forwardOut, "forward");

        var gradientIn = new float[inputSize];
        Run(ConvolutionWork.InputGradient, Side(true, gradientIn, outputGradient), Side(false, gradientIn, outputGradient), weight);
        AssertClose(inputGradient, gradientIn, "input gradient");

        Run(ConvolutionWork.WeightGradient, Side(true, input, outputGradient), Side(false, input, outputGradient), weightGradientBefore);
        AssertClose(weightGradient, weightGradientBefore, "weight gradient (accumulated)");

        void Run(ConvolutionWork work, float[] imageSide, float[] featureSide, float[] filter)
            => RunAsCudnn(cudnn, CudnnConvolution.RoutineFor(transposed, work), imageSide, featureSide, filter);
    }
}
