using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// torch.optim.Adam (L2 weight decay added to the gradient, not AdamW's decoupled decay) over one
/// contiguous buffer holding every parameter of a network, so one call updates the whole network.
/// Bias corrections are computed in double and rounded once, as PyTorch does with Python floats.
/// </summary>
public static unsafe partial class CpuKernels
{
    private struct AdamJob
    {
        public float* P, G, M, V;
        public long Count;
        public float Beta1, Beta2, Eps, WeightDecay, StepSize, CorrectionSqrt;
    }

    public static void AdamStep(float* p, float* g, float* m, float* v, long n, float lr, float beta1, float beta2, float eps, float weightDecay, int step)
    {
        if (n <= 0) return;
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "Adam's step count starts at 1");
        using var gate = EnterKernel();
        var (stepSize, correctionSqrt) = AdamCorrections(lr, beta1, beta2, step);
        var job = new AdamJob
        {
            P = p, G = g, M = m, V = v, Count = n, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay,
            StepSize = stepSize,
            CorrectionSqrt = correctionSqrt,
        };
        WorkerPool.For(ChunkCount(n), &AdamChunk, &job);
    }

    /// <summary>
    /// Step <paramref name="step"/>'s bias corrections, in double and rounded once: lr / (1 - beta1^step) and
    /// sqrt(1 - beta2^step). The GPU's adam_begin_step computes the same once per step for every Adam thread.
    /// </summary>
    public static (float StepSize, float CorrectionSqrt) AdamCorrections(float lr, float beta1, float beta2, long step)
    {
        double correction1 = 1 - Math.Pow(beta1, step);
        double correction2 = 1 - Math.Pow(beta2, step);
        return ((float)(lr / correction1), (float)Math.Sqrt(correction2));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AdamChunk(void* context, int chunk, int slot)
    {
        var job = (AdamJob*)context;
        long start = (long)chunk * ElementwiseChunk;
        long count = Math.Min(ElementwiseChunk, job->Count - start);
        float* p = job->P + start, g = job->G + start, m = job->M + start, v = job->V + start;
        float beta1 = job->Beta1, beta2 = job->Beta2, eps = job->Eps, decay = job->WeightDecay;
        float stepSize = job->StepSize, correctionSqrt = job->CorrectionSqrt;
        long i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var b1 = Vector256.Create(beta1);
            var b2 = Vector256.Create(beta2);
            var oneMinusB1 = Vector256.Create(1f - beta1);
            var oneMinusB2 = Vector256.Create(1f - beta2);
            var decayV = Vector256.Create(decay);
            var epsV = Vector256.Create(eps);
            var stepV = Vector256.Create(stepSize);
            var correctionV = Vector256.Create(correctionSqrt);
            for (; i + 8 <= count; i += 8)
            {
                var param = Vector256.Load(p + i);
                var grad = Vector256.Load(g + i) + decayV * param;
                var first = b1 * Vector256.Load(m + i) + oneMinusB1 * grad;
                var second = b2 * Vector256.Load(v + i) + oneMinusB2 * grad * grad;
                first.Store(m + i);
                second.Store(v + i);
                var denominator = Vector256.Sqrt(second) / correctionV + epsV;
                (param - stepV * first / denominator).Store(p + i);
            }
        }
        for (; i < count; i++)
        {
            float grad = g[i] + decay * p[i];
            m[i] = beta1 * m[i] + (1f - beta1) * grad;
            v[i] = beta2 * v[i] + (1f - beta2) * grad * grad;
            p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / correctionSqrt + eps);
        }
    }
}
