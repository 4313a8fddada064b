using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// nn.Linear with PyTorch's weight layout [out, in]: y = act(x W^T + b). All three products go
/// through the GEMM with the transpose flags, so the weight is never copied or transposed.
/// </summary>
public static unsafe partial class CpuKernels
{
    private struct LinearJob
    {
        public float* Y, Bias;
        public int OutFeatures;
        public Activation Act;
        public float Slope;
    }

    public static void LinearForward(float* x, float* w, float* bias, float* y, int batch, int inFeatures, int outFeatures, Activation act, float slope)
    {
        using var gate = EnterKernel();
        Gemm.Multiply(false, true, batch, outFeatures, inFeatures, x, inFeatures, w, inFeatures, y, outFeatures, accumulate: false);
        if (bias == null && act == Activation.None) return;
        var job = new LinearJob { Y = y, Bias = bias, OutFeatures = outFeatures, Act = act, Slope = slope };
        WorkerPool.For(batch, &LinearEpilogueRow, &job);
    }

    public static void LinearBackward(float* x, float* w, float* dy, float* dx, float* dw, float* dbias, int batch, int inFeatures, int outFeatures)
    {
        using var gate = EnterKernel();
        // dx[B, in] = dy[B, out] W[out, in]
        if (dx != null)
            Gemm.Multiply(false, false, batch, inFeatures, outFeatures, dy, outFeatures, w, inFeatures, dx, inFeatures, accumulate: false);
        // dW[out, in] += dy^T[out, B] x[B, in]
        if (dw != null)
            Gemm.Multiply(true, false, outFeatures, inFeatures, batch, dy, outFeatures, x, inFeatures, dw, inFeatures, accumulate: true);
        if (dbias != null)
            BiasBackward(dy, dbias, batch, outFeatures, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LinearEpilogueRow(void* context, int row, int slot)
    {
        var job = (LinearJob*)context;
        float* y = job->Y + (long)row * job->OutFeatures;
        float* bias = job->Bias;
        int n = job->OutFeatures, i = 0;
        if (job->Act is Activation.None or Activation.Relu or Activation.LeakyRelu && Vector256.IsHardwareAccelerated)
        {
            var slope = Vector256.Create(job->Slope);
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector256.Load(y + i);
                if (bias != null) v += Vector256.Load(bias + i);
                if (job->Act == Activation.Relu)
                    v = Vector256.Max(v, Vector256<float>.Zero);
                else if (job->Act == Activation.LeakyRelu)
                    v = Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * slope);
                v.Store(y + i);
            }
        }
        for (; i < n; i++) y[i] = Activate(y[i] + (bias != null ? bias[i] : 0f), job->Act, job->Slope);
    }
}
