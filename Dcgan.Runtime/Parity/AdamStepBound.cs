namespace Dcgan.Runtime.Parity;

/// <summary>
/// How far Adam can move one parameter, whatever its gradients: FORMAT.md's per-element bound of
/// 2 lr per step rests on "Adam's update is about lr * sign(g) early on", which is exact at step 1
/// but not after. With m_t = (1-b1) sum b1^(t-i) g_i and v_t = (1-b2) sum b2^(t-i) g_i^2, Cauchy-Schwarz gives
/// <code>|m_t / (1-b1^t)| / sqrt(v_t / (1-b2^t)) &lt;= (1-b1)/(1-b1^t) * sqrt((1-b2^t)/(1-b2)) * sqrt(sum_{j&lt;t} (b1^2/b2)^j)</code>,
/// reached by gradients proportional to (b1/b2)^(t-i). At step 2 with b1 = 0.5, b2 = 0.999 that is
/// 1.054 lr, and PyTorch's own perturbed runs of ganlab do move elements 4.1 lr apart in two steps
/// (8.2e-4 at lr 2e-4, beyond FORMAT.md's 8e-4), so the bound the parity check holds is twice the sum
/// of these per-step maxima: FORMAT.md's own figure at step 1, and the exact one after it.
/// </summary>
public static class AdamStepBound
{
    /// <summary>The largest |update| / lr Adam can make at step <paramref name="t"/> (1-based); eps only shrinks it.</summary>
    public static double MaxStepRatio(double beta1, double beta2, int t)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        double ratio = beta1 * beta1 / beta2, geometric = 0, power = 1;
        for (int j = 0; j < t; j++)
        {
            geometric += power;
            power *= ratio;
        }
        return (1 - beta1) / (1 - Math.Pow(beta1, t)) * Math.Sqrt((1 - Math.Pow(beta2, t)) / (1 - beta2)) * Math.Sqrt(geometric);
    }

    /// <summary>The most two implementations of Adam can differ on one element after <paramref name="steps"/> steps.</summary>
    public static double Difference(AdamSettings adam, int steps)
    {
        double total = 0;
        for (int t = 1; t <= steps; t++) total += MaxStepRatio(adam.Beta1, adam.Beta2, t);
        return 2.0 * adam.LearningRate * total;
    }
}
