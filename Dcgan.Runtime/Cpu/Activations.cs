using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// Elementwise activations, standalone and fused after a bias (the epilogue of Linear and the
/// convolutions). Backward derives from the OUTPUT y, so the pre-activation never has to be kept.
/// </summary>
public static unsafe partial class CpuKernels
{
    // Large enough that a task outweighs claiming it; fixed, so the split never depends on Threads.
    private const int ElementwiseChunk = 1 << 15;

    private struct ElementwiseJob
    {
        public float* X, Y, Dy, Dx;
        public long Count;
        public Activation Act;
        public float Slope;
    }

    public static void ActivationForward(float* x, float* y, long n, Activation act, float slope)
    {
        if (n <= 0) return;
        using var gate = EnterKernel();
        var job = new ElementwiseJob { X = x, Y = y, Count = n, Act = act, Slope = slope };
        WorkerPool.For(ChunkCount(n), &ActivationForwardChunk, &job);
    }

    public static void ActivationBackward(float* y, float* dy, float* dx, long n, Activation act, float slope)
    {
        if (n <= 0) return;
        using var gate = EnterKernel();
        var job = new ElementwiseJob { Y = y, Dy = dy, Dx = dx, Count = n, Act = act, Slope = slope };
        WorkerPool.For(ChunkCount(n), &ActivationBackwardChunk, &job);
    }

    private static int ChunkCount(long n) => checked((int)((n + ElementwiseChunk - 1) / ElementwiseChunk));

    private static void ActivationForwardChunk(void* context, int chunk, int slot)
    {
        var job = (ElementwiseJob*)context;
        long start = (long)chunk * ElementwiseChunk;
        long count = Math.Min(ElementwiseChunk, job->Count - start);
        BiasActivation(job->X + start, job->Y + start, count, 0f, job->Act, job->Slope);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ActivationBackwardChunk(void* context, int chunk, int slot)
    {
        var job = (ElementwiseJob*)context;
        long start = (long)chunk * ElementwiseChunk;
        long count = Math.Min(ElementwiseChunk, job->Count - start);
        float* y = job->Y + start, dy = job->Dy + start, dx = job->Dx + start;
        float slope = job->Slope;
        long i = 0;
        switch (job->Act)
        {
            case Activation.None:
                if (dx != dy) Copy(dy, dx, count);
                return;
            case Activation.Relu:
            case Activation.LeakyRelu:
            {
                float negative = job->Act == Activation.Relu ? 0f : slope;
                if (Vector256.IsHardwareAccelerated)
                {
                    var negativeV = Vector256.Create(negative);
                    for (; i + 8 <= count; i += 8)
                    {
                        var g = Vector256.Load(dy + i);
                        var positive = Vector256.GreaterThan(Vector256.Load(y + i), Vector256<float>.Zero);
                        Vector256.ConditionalSelect(positive, g, job->Act == Activation.Relu ? Vector256<float>.Zero : g * negativeV).Store(dx + i);
                    }
                }
                for (; i < count; i++) dx[i] = y[i] > 0f ? dy[i] : job->Act == Activation.Relu ? 0f : dy[i] * negative;
                return;
            }
            case Activation.Sigmoid:
                for (; i < count; i++) dx[i] = dy[i] * (y[i] * (1f - y[i]));
                return;
            case Activation.Tanh:
                for (; i < count; i++) dx[i] = dy[i] * (1f - y[i] * y[i]);
                return;
            default:
                throw new ArgumentOutOfRangeException("act", job->Act, "unknown activation");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Activate(float v, Activation act, float slope) => act switch
    {
        Activation.Relu => v > 0f ? v : 0f,
        Activation.LeakyRelu => v > 0f ? v : v * slope,
        Activation.Sigmoid => 1f / (1f + MathF.Exp(-v)),
        Activation.Tanh => MathF.Tanh(v),
        _ => v,
    };

    /// <summary>y[i] = act(x[i] + bias); x and y may be the same memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BiasActivation(float* x, float* y, long count, float bias, Activation act, float slope)
    {
        long i = 0;
        if (act is Activation.None or Activation.Relu or Activation.LeakyRelu && Vector256.IsHardwareAccelerated)
        {
            var biasV = Vector256.Create(bias);
            var slopeV = Vector256.Create(slope);
            for (; i + 8 <= count; i += 8)
            {
                var v = Vector256.Load(x + i) + biasV;
                // Max for ReLU so negatives give +0 exactly like the scalar tail and PyTorch.
                if (act == Activation.Relu)
                    v = Vector256.Max(v, Vector256<float>.Zero);
                else if (act == Activation.LeakyRelu)
                    v = Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * slopeV);
                v.Store(y + i);
            }
        }
        for (; i < count; i++) y[i] = Activate(x[i] + bias, act, slope);
    }
}
