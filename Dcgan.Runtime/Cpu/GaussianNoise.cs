using System.Runtime.CompilerServices;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// Additive Gaussian noise (instance noise, noise layers): y = x + sigma * z with z ~ N(0, 1). Its
/// backward pass is the identity, so there is no backward kernel.
/// </summary>
/// <remarks>
/// z[i] is a pure function of (seed, stream, offset, i), never of threads or chunks (the CUDA backend
/// must reproduce it): value 4 * offset + i of <see cref="Philox.FillNormal"/> on <c>new Philox(seed, stream)</c>,
/// that is lane i % 4 of the Box-Muller pair of block b = offset + i / 4: with words (w0, w1, w2, w3) of
/// <see cref="Philox.Block"/>(low32(b), high32(b), low32(stream), high32(stream), low32(seed), high32(seed)),
/// r = sqrt(-2 ln uniform(w0)), (z1, z0) = r * sincospi(2 uniform(w1)) in double rounded to float, the
/// same from (w2, w3) for (z2, z3). Then y[i] = x[i] + sigma * z[i] in float (no fused multiply-add).
/// </remarks>
public static unsafe partial class CpuKernels
{
    private struct NoiseJob
    {
        public float* X, Y;
        public long Count;
        public float Sigma;
        public ulong Seed, Stream, Offset;
    }

    public static void AddGaussianNoise(float* x, float* y, long n, float sigma, ulong seed, ulong stream, ulong offset)
    {
        if (n <= 0) return;
        using var gate = EnterKernel();
        if (sigma == 0f)
        {
            if (x != y) Copy(x, y, n);
            return;
        }
        var job = new NoiseJob { X = x, Y = y, Count = n, Sigma = sigma, Seed = seed, Stream = stream, Offset = offset };
        WorkerPool.For(ChunkCount(n), &GaussianNoiseChunk, &job);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GaussianNoiseChunk(void* context, int chunk, int slot)
    {
        var job = (NoiseJob*)context;
        // ElementwiseChunk is a multiple of 4, so every chunk starts on a whole Philox block.
        long start = (long)chunk * ElementwiseChunk;
        long count = Math.Min(ElementwiseChunk, job->Count - start);
        float* x = job->X + start, y = job->Y + start;
        float sigma = job->Sigma;
        uint k0 = (uint)job->Seed, k1 = (uint)(job->Seed >> 32);
        uint s0 = (uint)job->Stream, s1 = (uint)(job->Stream >> 32);
        ulong block = job->Offset + (ulong)(start >> 2);
        long i = 0;
        for (; i + 4 <= count; i += 4, block++)
        {
            var (w0, w1, w2, w3) = Philox.Block((uint)block, (uint)(block >> 32), s0, s1, k0, k1);
            var (z0, z1) = Philox.BoxMuller(w0, w1);
            var (z2, z3) = Philox.BoxMuller(w2, w3);
            y[i] = x[i] + sigma * z0;
            y[i + 1] = x[i + 1] + sigma * z1;
            y[i + 2] = x[i + 2] + sigma * z2;
            y[i + 3] = x[i + 3] + sigma * z3;
        }
        if (i < count)
        {
            var (w0, w1, w2, w3) = Philox.Block((uint)block, (uint)(block >> 32), s0, s1, k0, k1);
            var (z0, z1) = Philox.BoxMuller(w0, w1);
            y[i] = x[i] + sigma * z0;
            if (i + 1 < count) y[i + 1] = x[i + 1] + sigma * z1;
            if (i + 2 < count) y[i + 2] = x[i + 2] + sigma * Philox.BoxMuller(w2, w3).Item1;
        }
    }
}
