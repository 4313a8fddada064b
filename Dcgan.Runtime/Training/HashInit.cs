using System.Text;

namespace Dcgan.Runtime.Training;

/// <summary>
/// The <c>hash/1</c> starting values of parity/FORMAT.md: every value is a function of the
/// tensor's name, the seed and the element index alone, so any language reproduces a
/// fixture's starting point without storing it.
/// </summary>
public static class HashInit
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>u[j] = (splitmix64(fnv1a64(name) + seed + (j + 1) * golden) >> 40) / 2^24, in [0, 1).</summary>
    public static void Uniform(string name, ulong seed, Span<float> u)
    {
        ArgumentNullException.ThrowIfNull(name);
        ulong h = Fnv1a64(name) + seed;
        for (int j = 0; j < u.Length; j++)
        {
            // 24 bits over 2^24: exact in float32, so the double detour of the reference is moot.
            u[j] = (float)((double)(SplitMix64(h + (ulong)(j + 1) * Golden) >> 40) / (1 << 24));
        }
    }

    /// <summary>
    /// Starting values by role, in float32 the way PyTorch evaluates the reference's
    /// expressions on a float32 tensor (scalars rounded to float32 first, one rounding per op).
    /// <paramref name="fanIn"/> = numel(W) / W.shape[0] of the layer's weight W, used for
    /// Weight and Bias only.
    /// </summary>
    public static void Fill(string name, ulong seed, TensorRole role, int fanIn, Span<float> dest)
    {
        Uniform(name, seed, dest);
        switch (role)
        {
            case TensorRole.Weight or TensorRole.Bias:
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
                float bound = (float)(1.0 / Math.Sqrt(fanIn));
                foreach (ref float v in dest)
                    v = bound * (2f * v - 1f);
                break;
            case TensorRole.BatchNormWeight:
                foreach (ref float v in dest)
                    v = 1f + 0.1f * (2f * v - 1f);
                break;
            case TensorRole.BatchNormBias or TensorRole.RunningMean:
                foreach (ref float v in dest)
                    v = 0.1f * (2f * v - 1f);
                break;
            case TensorRole.RunningVar:
                foreach (ref float v in dest)
                    v = 1f + 0.5f * v;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(role), role, null);
        }
    }

    public static ulong Fnv1a64(string text)
    {
        ulong h = 0xCBF29CE484222325;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
            h = (h ^ b) * 0x100000001B3;
        return h;
    }

    public static ulong SplitMix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
