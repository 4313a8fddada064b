using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// PyTorch's inverted dropout in training mode: each element is kept with probability 1 - rate and
/// kept ones are scaled by 1 / (1 - rate); mask[i] receives the multiplier (0 or that scale) and
/// y[i] = x[i] * mask[i], so the backward pass is dx = dy * mask.
/// </summary>
/// <remarks>
/// The draw for element i is a pure function of (seed, stream, offset, i), never of threads or chunks
/// (the CUDA backend must reproduce it): word w = lane i % 4 of
/// <see cref="Philox.Block"/>(low32(b), high32(b), low32(stream), high32(stream), low32(seed), high32(seed))
/// with block b = offset + i / 4 (mod 2^64), i.e. word 4 * offset + i of <c>new Philox(seed, stream)</c>;
/// element i is kept iff <see cref="Philox.ToUniform"/>(w) &gt; rate. The scale is
/// (float)(1.0 / (1.0 - rate)) computed in double, as PyTorch computes it from its double p.
/// </remarks>
public static unsafe partial class CpuKernels
{
    private struct DropoutJob
    {
        public float* X, Y, Mask, Dy, Dx;
        public long Count;
        public float Rate, Scale;
        // Kept iff (w >> 8) >= Threshold: the same test as ToUniform(w) > rate (see DropoutChunk).
        public int Threshold;
        public ulong Seed, Stream, Offset;
    }

    public static void DropoutForward(float* x, float* y, float* mask, long n, float rate, ulong seed, ulong stream, ulong offset)
    {
        if (!(rate >= 0f && rate < 1f)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "dropout rate must be in [0, 1)");
        if (n <= 0) return;
        using var gate = EnterKernel();
        var job = new DropoutJob
        {
            X = x, Y = y, Mask = mask, Count = n, Rate = rate,
            Scale = (float)(1.0 / (1.0 - rate)),
            // rate * 2^24 is exact, and ((w >> 8) + 1) * 2^-24 > rate <=> (w >> 8) + 1 > floor(rate * 2^24).
            Threshold = (int)(rate * 16777216f),
            Seed = seed, Stream = stream, Offset = offset,
        };
        WorkerPool.For(ChunkCount(n), &DropoutChunk, &job);
    }

    public static void DropoutBackward(float* dy, float* mask, float* dx, long n)
    {
        if (n <= 0) return;
        using var gate = EnterKernel();
        var job = new DropoutJob { Dy = dy, Mask = mask, Dx = dx, Count = n };
        WorkerPool.For(ChunkCount(n), &DropoutBackwardChunk, &job);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DropoutChunk(void* context, int chunk, int slot)
    {
        var job = (DropoutJob*)context;
        // ElementwiseChunk is a multiple of 4, so every chunk starts on a whole Philox block.
        long start = (long)chunk * ElementwiseChunk;
        long count = Math.Min(ElementwiseChunk, job->Count - start);
        float* x = job->X + start, y = job->Y + start, mask = job->Mask + start;
        float scale = job->Scale;
        long i = 0;
        if (job->Rate == 0f)
        {
            if (x != y) Copy(x, y, count);
            if (Vector256.IsHardwareAccelerated)
                for (; i + 8 <= count; i += 8) Vector256<float>.One.Store(mask + i);
            for (; i < count; i++) mask[i] = 1f;
            return;
        }

        uint k0 = (uint)job->Seed, k1 = (uint)(job->Seed >> 32);
        ulong stream = job->Stream, block = job->Offset + (ulong)(start >> 2);
        if (Avx512F.IsSupported)
        {
            var counters = PhiloxLanes512(block, stream);
            var step = Vector512.Create(4UL, 0, 4, 0, 4, 0, 4, 0);
            var threshold = Vector512.Create(job->Threshold);
            var scaleV = Vector512.Create(scale);
            for (; i + 16 <= count; i += 16, counters += step)
            {
                var words = PhiloxRounds512(counters.AsUInt32(), k0, k1);
                var keep = Vector512.GreaterThanOrEqual(Vector512.ShiftRightLogical(words, 8).AsInt32(), threshold);
                var m = Vector512.ConditionalSelect(keep.AsSingle(), scaleV, Vector512<float>.Zero);
                m.Store(mask + i);
                (Vector512.Load(x + i) * m).Store(y + i);
            }
        }
        else if (Avx2.IsSupported)
        {
            var counters = Vector256.Create(block, stream, block + 1, stream);
            var step = Vector256.Create(2UL, 0, 2, 0);
            var threshold = Vector256.Create(job->Threshold);
            var scaleV = Vector256.Create(scale);
            for (; i + 8 <= count; i += 8, counters += step)
            {
                var words = PhiloxRounds256(counters.AsUInt32(), k0, k1);
                var keep = Vector256.GreaterThanOrEqual(Vector256.ShiftRightLogical(words, 8).AsInt32(), threshold);
                var m = Vector256.ConditionalSelect(keep.AsSingle(), scaleV, Vector256<float>.Zero);
                m.Store(mask + i);
                (Vector256.Load(x + i) * m).Store(y + i);
            }
        }
        block += (ulong)(i >> 2);
        float rate = job->Rate;
        for (; i < count; i += 4, block++)
        {
            var (w0, w1, w2, w3) = Philox.Block((uint)block, (uint)(block >> 32), (uint)stream, (uint)(stream >> 32), k0, k1);
            long lanes = Math.Min(4, count - i);
            for (int lane = 0; lane < lanes; lane++)
            {
                uint word = lane switch { 0 => w0, 1 => w1, 2 => w2, _ => w3 };
                float m = Philox.ToUniform(word) > rate ? scale : 0f;
                mask[i + lane] = m;
                y[i + lane] = x[i + lane] * m;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DropoutBackwardChunk(void* context, int chunk, int slot)
    {
        var job = (DropoutJob*)context;
        long start = (long)chunk * ElementwiseChunk;
        long count = Math.Min(ElementwiseChunk, job->Count - start);
        float* dy = job->Dy + start, mask = job->Mask + start, dx = job->Dx + start;
        long i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= count; i += 16) (Vector512.Load(dy + i) * Vector512.Load(mask + i)).Store(dx + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= count; i += 8) (Vector256.Load(dy + i) * Vector256.Load(mask + i)).Store(dx + i);
        for (; i < count; i++) dx[i] = dy[i] * mask[i];
    }

    // Vectorised Philox4x32-10: each 128-bit lane holds one block's state (c0, c1, c2, c3), so the
    // words come out in element order. One round per lane: vpmuludq multiplies c0 by M0 and c2 by M1
    // into 64-bit products (p0, p1); pshufd 0x1B turns (p0lo, p0hi, p1lo, p1hi) into
    // (p1hi, p1lo, p0hi, p0lo); a 64-bit shift right by 32 gives (c1, 0, c3, 0); with the key
    // (k0, 0, k1, 0) XORed in that is exactly Philox.Block's round.

    private const uint PhiloxM0 = 0xD2511F53, PhiloxM1 = 0xCD9E8D57, PhiloxW0 = 0x9E3779B9, PhiloxW1 = 0xBB67AE85;

    /// <summary>Counters of blocks b..b+3, as (low(b), high(b), low(stream), high(stream)) per 128-bit lane.</summary>
    private static Vector512<ulong> PhiloxLanes512(ulong block, ulong stream) =>
        Vector512.Create(block, stream, block + 1, stream, block + 2, stream, block + 3, stream);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> PhiloxRounds512(Vector512<uint> state, uint k0, uint k1)
    {
        var multipliers = Vector512.Create(PhiloxM0, 0, PhiloxM1, 0, PhiloxM0, 0, PhiloxM1, 0, PhiloxM0, 0, PhiloxM1, 0, PhiloxM0, 0, PhiloxM1, 0);
        var key = Vector512.Create(k0, 0, k1, 0, k0, 0, k1, 0, k0, 0, k1, 0, k0, 0, k1, 0);
        var bump = Vector512.Create(PhiloxW0, 0, PhiloxW1, 0, PhiloxW0, 0, PhiloxW1, 0, PhiloxW0, 0, PhiloxW1, 0, PhiloxW0, 0, PhiloxW1, 0);
        for (int round = 0; round < 10; round++)
        {
            if (round > 0) key += bump;
            var products = Avx512F.Multiply(state, multipliers).AsUInt32();
            state = Avx512F.Shuffle(products, 0x1B) ^ Avx512F.ShiftRightLogical(state.AsUInt64(), 32).AsUInt32() ^ key;
        }
        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> PhiloxRounds256(Vector256<uint> state, uint k0, uint k1)
    {
        var multipliers = Vector256.Create(PhiloxM0, 0, PhiloxM1, 0, PhiloxM0, 0, PhiloxM1, 0);
        var key = Vector256.Create(k0, 0, k1, 0, k0, 0, k1, 0);
        var bump = Vector256.Create(PhiloxW0, 0, PhiloxW1, 0, PhiloxW0, 0, PhiloxW1, 0);
        for (int round = 0; round < 10; round++)
        {
            if (round > 0) key += bump;
            var products = Avx2.Multiply(state, multipliers).AsUInt32();
            state = Avx2.Shuffle(products, 0x1B) ^ Avx2.ShiftRightLogical(state.AsUInt64(), 32).AsUInt32() ^ key;
        }
        return state;
    }
}
