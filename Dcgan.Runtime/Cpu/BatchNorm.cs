using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// BatchNorm1d/2d over x[batch, channels, spatial] with the activation that follows it fused in.
/// One task per channel: the channel's statistics are reduced by one thread in a fixed order
/// (float within a contiguous row, double across rows), so results are independent of the thread
/// count and stay accurate for large batch*spatial. Null gamma/beta mean affine=False (1 and 0);
/// null running statistics mean track_running_stats=False.
/// </summary>
public static unsafe partial class CpuKernels
{
    private struct BatchNormJob
    {
        public float* X, Y, Dy, Dx, Gamma, Beta, RunningMean, RunningVar, SaveMean, SaveInvStd, Dgamma, Dbeta;
        public int Batch, Channels, Spatial;
        public float Eps, Momentum, Slope;
        public Activation Act;
    }

    public static void BatchNormForwardTraining(float* x, float* gamma, float* beta, float* runningMean, float* runningVar,
        float* y, float* saveMean, float* saveInvStd, int batch, int channels, int spatial, float eps, float momentum, Activation act, float slope)
    {
        using var gate = EnterKernel();
        var job = new BatchNormJob
        {
            X = x, Y = y, Gamma = gamma, Beta = beta, RunningMean = runningMean, RunningVar = runningVar,
            SaveMean = saveMean, SaveInvStd = saveInvStd, Batch = batch, Channels = channels, Spatial = spatial,
            Eps = eps, Momentum = momentum, Act = act, Slope = slope,
        };
        WorkerPool.For(channels, &BatchNormTrainingChannel, &job);
    }

    public static void BatchNormForwardInference(float* x, float* gamma, float* beta, float* runningMean, float* runningVar,
        float* y, int batch, int channels, int spatial, float eps, Activation act, float slope)
    {
        using var gate = EnterKernel();
        var job = new BatchNormJob
        {
            X = x, Y = y, Gamma = gamma, Beta = beta, RunningMean = runningMean, RunningVar = runningVar,
            Batch = batch, Channels = channels, Spatial = spatial, Eps = eps, Act = act, Slope = slope,
        };
        WorkerPool.For(channels, &BatchNormInferenceChannel, &job);
    }

    public static void BatchNormBackward(float* x, float* dy, float* gamma, float* saveMean, float* saveInvStd,
        float* dx, float* dgamma, float* dbeta, int batch, int channels, int spatial)
    {
        using var gate = EnterKernel();
        var job = new BatchNormJob
        {
            X = x, Dy = dy, Gamma = gamma, SaveMean = saveMean, SaveInvStd = saveInvStd, Dx = dx,
            Dgamma = dgamma, Dbeta = dbeta, Batch = batch, Channels = channels, Spatial = spatial,
        };
        WorkerPool.For(channels, &BatchNormBackwardChannel, &job);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BatchNormTrainingChannel(void* context, int c, int slot)
    {
        var job = (BatchNormJob*)context;
        int spatial = job->Spatial;
        long stride = (long)job->Channels * spatial;
        long count = (long)job->Batch * spatial;
        float* first = job->X + (long)c * spatial;

        // BatchNorm1d's rows are one value: summed here as the row helpers' tails would, without a call per value.
        bool single = spatial == 1;
        double sum = 0;
        for (int n = 0; n < job->Batch; n++) sum += single ? first[n * stride] : RowSum(first + n * stride, spatial);
        double mean = sum / count;
        // Two passes (deviations from the mean) rather than E[x^2]-E[x]^2, which cancels badly.
        double squares = 0;
        float center = (float)mean;
        for (int n = 0; n < job->Batch; n++)
            squares += single ? Square(first[n * stride] - center) : RowSquaredDeviation(first + n * stride, spatial, center);
        double variance = squares / count;
        double invStd = 1.0 / Math.Sqrt(variance + job->Eps);

        if (job->SaveMean != null) job->SaveMean[c] = (float)mean;
        if (job->SaveInvStd != null) job->SaveInvStd[c] = (float)invStd;
        if (job->RunningMean != null)
        {
            double momentum = job->Momentum;
            job->RunningMean[c] = (float)((1 - momentum) * job->RunningMean[c] + momentum * mean);
            double unbiased = count > 1 ? variance * count / (count - 1) : variance;
            job->RunningVar[c] = (float)((1 - momentum) * job->RunningVar[c] + momentum * unbiased);
        }

        // y = gamma * (x - mean) * invStd + beta, folded into one multiply-add as PyTorch's CPU kernel does.
        float gamma = job->Gamma != null ? job->Gamma[c] : 1f;
        float beta = job->Beta != null ? job->Beta[c] : 0f;
        float scale = (float)(gamma * invStd);
        float shift = (float)(beta - mean * gamma * invStd);
        ScaleShiftRows(first, job->Y + c * spatial, job->Batch, stride, spatial, scale, shift, job->Act, job->Slope);
    }

    private static void BatchNormInferenceChannel(void* context, int c, int slot)
    {
        var job = (BatchNormJob*)context;
        int spatial = job->Spatial;
        long stride = (long)job->Channels * spatial;
        double invStd = 1.0 / Math.Sqrt(job->RunningVar[c] + (double)job->Eps);
        float gamma = job->Gamma != null ? job->Gamma[c] : 1f;
        float beta = job->Beta != null ? job->Beta[c] : 0f;
        float scale = (float)(gamma * invStd);
        float shift = (float)(beta - job->RunningMean[c] * (double)gamma * invStd);
        ScaleShiftRows(job->X + c * spatial, job->Y + c * spatial, job->Batch, stride, spatial, scale, shift, job->Act, job->Slope);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BatchNormBackwardChannel(void* context, int c, int slot)
    {
        var job = (BatchNormJob*)context;
        int spatial = job->Spatial;
        long stride = (long)job->Channels * spatial;
        long count = (long)job->Batch * spatial;
        float mean = job->SaveMean[c];
        double invStd = job->SaveInvStd[c];
        float* x = job->X + (long)c * spatial;
        float* dy = job->Dy + (long)c * spatial;

        double sumDy = 0, dotCentered = 0;
        for (int n = 0; n < job->Batch; n++)
        {
            if (spatial == 1)
            {
                // One value per row, as the row helpers' tails add it.
                sumDy += dy[n * stride];
                dotCentered += dy[n * stride] * (double)(x[n * stride] - mean);
                continue;
            }
            sumDy += RowSum(dy + n * stride, spatial);
            dotCentered += RowCenteredDot(dy + n * stride, x + n * stride, spatial, mean);
        }
        if (job->Dbeta != null) job->Dbeta[c] += (float)sumDy;
        if (job->Dgamma != null) job->Dgamma[c] += (float)(dotCentered * invStd);
        if (job->Dx == null) return;

        // dx = (dy - mean(dy) - (x - mean) * mean(dy * (x - mean)) * invStd^2) * invStd * gamma
        float gamma = job->Gamma != null ? job->Gamma[c] : 1f;
        float meanDy = (float)(sumDy / count);
        float k = (float)(dotCentered * invStd * invStd / count);
        float outScale = (float)(invStd * gamma);
        float* dx = job->Dx + (long)c * spatial;
        for (int n = 0; n < job->Batch; n++)
        {
            float* dyRow = dy + n * stride, xRow = x + n * stride, dxRow = dx + n * stride;
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var meanV = Vector256.Create(mean);
                var meanDyV = Vector256.Create(meanDy);
                var kV = Vector256.Create(k);
                var scaleV = Vector256.Create(outScale);
                for (; i + 8 <= spatial; i += 8)
                {
                    var centered = Vector256.Load(xRow + i) - meanV;
                    ((Vector256.Load(dyRow + i) - meanDyV - centered * kV) * scaleV).Store(dxRow + i);
                }
            }
            for (; i < spatial; i++) dxRow[i] = (dyRow[i] - meanDy - (xRow[i] - mean) * k) * outScale;
        }
    }

    private static double Square(double d) => d * d;

    /// <summary>One channel's rows of every sample through <see cref="ScaleShiftActivation"/>; rows of one value inline.</summary>
    private static void ScaleShiftRows(float* x, float* y, int batch, long stride, int spatial, float scale, float shift, Activation act, float slope)
    {
        if (spatial == 1)
        {
            for (int n = 0; n < batch; n++) y[n * stride] = Activate(x[n * stride] * scale + shift, act, slope);
            return;
        }
        for (int n = 0; n < batch; n++)
            ScaleShiftActivation(x + n * stride, y + n * stride, spatial, scale, shift, act, slope);
    }

    /// <summary>y[i] = act(x[i] * scale + shift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleShiftActivation(float* x, float* y, int count, float scale, float shift, Activation act, float slope)
    {
        int i = 0;
        if (act is Activation.None or Activation.Relu or Activation.LeakyRelu && Vector256.IsHardwareAccelerated)
        {
            var scaleV = Vector256.Create(scale);
            var shiftV = Vector256.Create(shift);
            var slopeV = Vector256.Create(slope);
            for (; i + 8 <= count; i += 8)
            {
                var v = Vector256.Load(x + i) * scaleV + shiftV;
                if (act == Activation.Relu)
                    v = Vector256.Max(v, Vector256<float>.Zero);
                else if (act == Activation.LeakyRelu)
                    v = Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * slopeV);
                v.Store(y + i);
            }
        }
        for (; i < count; i++) y[i] = Activate(x[i] * scale + shift, act, slope);
    }
}
