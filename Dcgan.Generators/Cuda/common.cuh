// ===== common.cuh: types, launch helpers, the deterministic block sum =====
// dcgan's CUDA C prelude: the device functions that every generated entry point calls. Written for
// NVRTC: no host headers and no standard library, so fixed-width integers are spelled out below.
//
// The arithmetic follows Dcgan.Runtime/Cpu operation for operation (the same order, in float where the
// CPU uses float and in double where it uses double), so compile with --fmad=false: with NVRTC's
// default --fmad=true, x * s + t becomes one fused multiply-add and differs from the CPU in the last bit.
//
// Launch contract (what CudaKernelSpec.LaunchShape suggests): any grid and any block size work for the
// grid-stride kernels; kernels that reduce (batch-norm statistics, bias gradients, losses) need a block
// size that is a power of two no larger than DCGAN_MAX_THREADS. A reduction's result depends only on the
// data and the block size, never on timing or the grid: fixed trees, no floating-point atomics.
//
// Anything that changes from one step to the next (the step count behind the Philox offset, Adam's step,
// the latent counter, the batch index) is read from a device counter, never passed as an argument, so a
// CUDA graph can replay the same launches every step.

typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long i64;

#define DCGAN_MAX_THREADS 1024

// Dcgan.Runtime.Activation's values.
#define ACT_NONE 0
#define ACT_RELU 1
#define ACT_LEAKY_RELU 2
#define ACT_SIGMOID 3
#define ACT_TANH 4

__device__ __forceinline__ i64 first_index() { return (i64)blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ i64 grid_stride() { return (i64)gridDim.x * blockDim.x; }

// C#'s Math.Max / MathF.Max: a NaN argument gives NaN (fmax would drop it, and a NaN loss must reach the
// divergence check). Signed zeros are not ordered here; no caller can tell them apart.
__device__ __forceinline__ double max_nan(double a, double b) { return (a > b || a != a) ? a : b; }
__device__ __forceinline__ float max_nan_f(float a, float b) { return (a > b || a != a) ? a : b; }

// Element k of channel c in a [n, channels, spatial] tensor, k counting sample by sample as the CPU
// walks a channel's rows.
__device__ __forceinline__ i64 channel_element(i64 k, int c, int channels, i64 spatial)
{
    i64 sample = k / spatial;
    return (sample * channels + c) * spatial + (k - sample * spatial);
}

// The sum of every thread's value, returned to every thread of the block. A fixed tree over the threads
// (blockDim.x a power of two); partial is blockDim.x doubles of shared memory, free again on return.
__device__ double block_sum(double value, double* partial)
{
    partial[threadIdx.x] = value;
    __syncthreads();
    for (unsigned int half = blockDim.x / 2; half > 0; half /= 2)
    {
        if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
        __syncthreads();
    }
    double total = partial[0];
    __syncthreads();
    return total;
}

// ----- split reductions (bias gradients, losses) -----
// A reduction of count elements is split into parts, one block each: the partial pass writes each part's sum
// (a block_sum, in double) to scratch, a second launch adds the parts in a fixed tree. How many parts is a
// function of count and two constants the generator compiles in (Planning/ReductionSplit.cs), never of the
// grid: blocks stride over the parts, so any grid gives the same bits. The rule: one part per chunk elements
// (so a block sums at least a chunk, a few thousand elements), at most max_parts (what the scratch holds,
// chosen so a launch has about 1024 blocks: several for every SM of the largest GPUs), at least one.
__device__ __forceinline__ int reduction_parts(i64 count, i64 chunk, int max_parts)
{
    i64 parts = (count + chunk - 1) / chunk;
    return (int)(parts < 1 ? 1 : parts > max_parts ? max_parts : parts);
}

// The first element of part `part` of `parts` over count elements: parts as even as integers allow.
__device__ __forceinline__ i64 part_start(i64 count, int part, int parts) { return count * part / parts; }

// The sum of values[0..count), returned to every thread of the block: the combining launch's fixed tree.
__device__ double block_sum_of(const double* values, int count, double* partial)
{
    double sum = 0.0;
    for (int i = threadIdx.x; i < count; i += blockDim.x) sum += values[i];
    return block_sum(sum, partial);
}

// dst = src: the identity of eval-mode dropout and noise, and gradients passed through unchanged.
__device__ void copy(const float* src, float* dst, i64 count)
{
    for (i64 i = first_index(); i < count; i += grid_stride()) dst[i] = src[i];
}

// One thread adds one: the step count, an Adam step count, the batch index.
__device__ void advance_counter(u64* counter)
{
    if (first_index() == 0) *counter += 1;
}
