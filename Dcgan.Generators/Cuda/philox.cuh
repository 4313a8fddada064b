// ===== philox.cuh: Philox.cs, bit for bit, and its uniform and normal transforms =====
// Philox4x32-10 (Salmon et al., SC11). Word i of stream s under seed k is lane i % 4 of
// philox_block(i / 4, s, k). A thread draws whole blocks, so value j of a fill comes from block
// first + j / 4 wherever it runs.

struct philox_words
{
    u32 w0, w1, w2, w3;
};

// Philox.Block: ten rounds; the 64-bit products are plain integer arithmetic (mul.wide.u32).
__device__ __forceinline__ philox_words philox_block(u64 block, u64 stream, u64 seed)
{
    u32 c0 = (u32)block, c1 = (u32)(block >> 32), c2 = (u32)stream, c3 = (u32)(stream >> 32);
    u32 k0 = (u32)seed, k1 = (u32)(seed >> 32);
    for (int round = 0; round < 10; round++)
    {
        if (round > 0)
        {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        u64 p0 = (u64)0xD2511F53u * c0;
        u64 p1 = (u64)0xCD9E8D57u * c2;
        u32 n0 = (u32)(p1 >> 32) ^ c1 ^ k0;
        u32 n1 = (u32)p1;
        u32 n2 = (u32)(p0 >> 32) ^ c3 ^ k1;
        u32 n3 = (u32)p0;
        c0 = n0;
        c1 = n1;
        c2 = n2;
        c3 = n3;
    }
    philox_words words = { c0, c1, c2, c3 };
    return words;
}

__device__ __forceinline__ u32 philox_lane(philox_words w, int lane)
{
    return lane == 0 ? w.w0 : lane == 1 ? w.w1 : lane == 2 ? w.w2 : w.w3;
}

// Philox.ToUniform: ((w >> 8) + 1) * 2^-24, in (0, 1], exact in float.
__device__ __forceinline__ float philox_uniform(u32 w)
{
    return (float)((w >> 8) + 1) * (1.0f / 16777216.0f);
}

// Philox.BoxMuller: r = sqrt(-2 ln u(a)), (z1, z0) = r * sincospi(2 u(b)), in double, rounded once. CUDA's
// double log and sincospi are within an ulp or two of .NET's, so the floats agree but for rare ties.
__device__ __forceinline__ void box_muller(u32 a, u32 b, float* z0, float* z1)
{
    double r = sqrt(-2.0 * log((double)philox_uniform(a)));
    double s, c;
    sincospi(2.0 * (double)philox_uniform(b), &s, &c);
    *z0 = (float)(r * c);
    *z1 = (float)(r * s);
}

// The four normals of one block: (z0, z1) from (w0, w1), (z2, z3) from (w2, w3).
__device__ __forceinline__ void philox_normals(philox_words w, float* z)
{
    box_muller(w.w0, w.w1, &z[0], &z[1]);
    box_muller(w.w2, w.w3, &z[2], &z[3]);
}
