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
/// <para>
/// Those figures are exact arithmetic. Two float32 implementations also round: a weight whose step-1 gradient has
/// the other sign on the other side moves exactly 2 lr apart in exact arithmetic, and the two rounded parameters
/// can be further apart than that by their own rounding (an AVX2 CPU found four such weights of dcgan64 at
/// 4.00000x e-4 against 4e-4). <see cref="Allowed"/> is the bound the check holds: the exact one plus those roundings.
/// </para>
/// </summary>
public static class AdamStepBound
{
    /// <summary>
    /// Roundings in one float32 Adam update on one side: (1-b1) g, g^2, (1-b2) g^2, the two sums into m and v, the sqrt,
    /// the bias corrections, + eps, the division and lr's product (PyTorch's and ours both; an FMA only removes some).
    /// Each is at most one unit roundoff of the update, so the update is within 12 u of its exact value.
    /// </summary>
    public const int UpdateRoundings = 12;

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

    /// <summary>The most two implementations of Adam can differ on one element after <paramref name="steps"/> steps, in exact arithmetic.</summary>
    public static double Difference(AdamSettings adam, int steps) => Difference(adam, 1, steps);

    /// <summary>The same over Adam's steps <paramref name="first"/> to <paramref name="last"/> (1-based), taken from the same values.</summary>
    public static double Difference(AdamSettings adam, int first, int last)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        double total = 0;
        for (int t = first; t <= last; t++) total += MaxStepRatio(adam.Beta1, adam.Beta2, t);
        return 2.0 * adam.LearningRate * total;
    }

    /// <summary>
    /// The most two float32 implementations of Adam can differ on one element of magnitude about
    /// <paramref name="magnitude"/> after <paramref name="steps"/> steps: <see cref="Difference(AdamSettings, int)"/>, widened by each
    /// side's update roundings (<see cref="UpdateRoundings"/> units of the move), and by each side's rounding of the
    /// parameter at every step (half an ulp of the largest value the parameter can reach, each side).
    /// </summary>
    public static double Allowed(AdamSettings adam, int steps, double magnitude) => Allowed(adam, 1, steps, magnitude);

    /// <summary>The same over Adam's steps <paramref name="first"/> to <paramref name="last"/>, taken from the same values.</summary>
    public static double Allowed(AdamSettings adam, int first, int last, double magnitude)
    {
        double move = Difference(adam, first, last);
        int steps = last - first + 1;
        return move * (1 + 2 * UpdateRoundings * FloatRounding.UnitRoundoff) + steps * FloatRounding.Ulp(Math.Abs(magnitude) + move);
    }
}
