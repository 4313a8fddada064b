namespace Dcgan.Runtime.Cpu;

/// <summary>
/// Softmax cross-entropy against integer labels (PyTorch's <c>F.cross_entropy</c>, mean over the batch), with
/// its gradient wrt the logits, softmax(x) - onehot(label), divided by the batch, written in the same pass.
/// </summary>
public static unsafe partial class CpuKernels
{
    public static float SoftmaxCrossEntropy(float* logits, float* labels, int n, int classes, float* dlogits)
    {
        if (n <= 0) return 0f;
        double total = 0;
        float scale = 1f / n;
        for (int i = 0; i < n; i++)
        {
            float* x = logits + (long)i * classes;
            int label = (int)labels[i];
            float max = x[0];
            for (int k = 1; k < classes; k++) max = Math.Max(max, x[k]);
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.Exp(x[k] - max);
            double logSum = Math.Log(sum) + max;
            total += logSum - x[label];
            if (dlogits == null) continue;
            float* d = dlogits + (long)i * classes;
            for (int k = 0; k < classes; k++)
                d[k] = scale * ((float)Math.Exp(x[k] - logSum) - (k == label ? 1f : 0f));
        }
        return (float)(total / n);
    }

    /// <summary>How many of the <paramref name="n"/> rows have their label's logit as the largest (the first largest on ties).</summary>
    public static int CountCorrect(float* logits, float* labels, int n, int classes)
    {
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            float* x = logits + (long)i * classes;
            int best = 0;
            for (int k = 1; k < classes; k++)
                if (x[k] > x[best]) best = k;
            if (best == (int)labels[i]) correct++;
        }
        return correct;
    }
}
