namespace Dcgan.Runtime.Cpu;

/// <summary>
/// The GAN losses against a constant target (real = 1, fake = 0, or a smoothed label), each with its
/// gradient written in the same pass. Losses are summed in double in index order: a batch of
/// logits is small, so a serial loop is both cheapest and deterministic.
/// </summary>
public static unsafe partial class CpuKernels
{
    public static float BceWithLogits(float* logits, int n, float target, float* dlogits, float gradScale)
    {
        if (n <= 0) return 0f;
        double total = 0;
        double t = target;
        float gradient = gradScale / n;
        for (int i = 0; i < n; i++)
        {
            double x = logits[i];
            // max(x,0) - x*t + log(1 + exp(-|x|)): never overflows, accurate for large |x|.
            total += Math.Max(x, 0) - x * t + Math.Log(1 + Math.Exp(-Math.Abs(x)));
            if (dlogits != null)
            {
                float sigmoid = 1f / (1f + MathF.Exp(-logits[i]));
                dlogits[i] = gradient * (sigmoid - target);
            }
        }
        return (float)(total / n);
    }

    public static float BceOnProbabilities(float* probs, int n, float target, float* dlogits, float gradScale)
    {
        if (n <= 0) return 0f;
        double total = 0;
        double t = target;
        for (int i = 0; i < n; i++)
        {
            double p = probs[i];
            // PyTorch clamps each log at -100 so p = 0 or 1 gives a finite loss.
            double logP = Math.Max(Math.Log(p), -100);
            double logNotP = Math.Max(Math.Log(1 - p), -100);
            total -= t * logP + (1 - t) * logNotP;
            if (dlogits != null)
            {
                // binary_cross_entropy's backward followed by sigmoid's, in float as PyTorch chains them;
                // the 1e-12 floor keeps a saturated sigmoid from dividing by zero.
                float pf = probs[i];
                float slopeOfSigmoid = pf * (1f - pf);
                float dp = gradScale * (pf - target) / MathF.Max(slopeOfSigmoid, 1e-12f) / n;
                dlogits[i] = dp * slopeOfSigmoid;
            }
        }
        return (float)(total / n);
    }
}
