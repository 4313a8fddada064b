// ===== activations.cuh: Activations.cs, and the bias + activation epilogue of Linear.cs / Convolution.cs =====

// CpuKernels.Activate. Sigmoid and Tanh use CUDA's expf and tanhf (at most 2 ulp from the C library the
// CPU calls), so those two agree to a few ulp; the rest is exact.
template <int ACT>
__device__ __forceinline__ float activate(float v, float slope)
{
    if (ACT == ACT_RELU) return v > 0.0f ? v : 0.0f;
    if (ACT == ACT_LEAKY_RELU) return v > 0.0f ? v : v * slope;
    if (ACT == ACT_SIGMOID) return 1.0f / (1.0f + expf(-v));
    if (ACT == ACT_TANH) return tanhf(v);
    return v;
}

// The derivative taken from the stored output y, as ActivationBackward does.
template <int ACT>
__device__ __forceinline__ float activation_gradient(float y, float dy, float slope)
{
    if (ACT == ACT_RELU) return y > 0.0f ? dy : 0.0f;
    if (ACT == ACT_LEAKY_RELU) return y > 0.0f ? dy : dy * slope;
    if (ACT == ACT_SIGMOID) return dy * (y * (1.0f - y));
    if (ACT == ACT_TANH) return dy * (1.0f - y * y);
    return dy;
}

// y = act(y + bias[channel]) in place over [n, channels, spatial]: what the CPU applies to a GEMM's or a
// convolution's output, here after cuBLAS or cuDNN wrote it (spatial = 1 after a Linear). Without a bias
// the CPU still adds 0.0f (which turns -0 into +0), and so does this.
template <int ACT>
__device__ void bias_activation(float* y, const float* bias, i64 count, int channels, i64 spatial, float slope)
{
    for (i64 i = first_index(); i < count; i += grid_stride())
    {
        float b = bias ? bias[(i / spatial) % channels] : 0.0f;
        y[i] = activate<ACT>(y[i] + b, slope);
    }
}

// A standalone activation layer: CpuKernels.ActivationForward (its bias is 0.0f).
template <int ACT>
__device__ void activation_forward(const float* x, float* y, i64 count, float slope)
{
    for (i64 i = first_index(); i < count; i += grid_stride()) y[i] = activate<ACT>(x[i] + 0.0f, slope);
}

// CpuKernels.ActivationBackward: dx = dy * act'(from y); dx may be dy.
template <int ACT>
__device__ void activation_backward(const float* y, const float* dy, float* dx, i64 count, float slope)
{
    for (i64 i = first_index(); i < count; i += grid_stride()) dx[i] = activation_gradient<ACT>(y[i], dy[i], slope);
}

// CpuKernels.BiasBackward (and LinearBackward's bias term): dbias[c] += the sum of dy over samples and
// positions, in double, as a split reduction (common.cuh) so that a few wide channels still fill the GPU.
// bias_gradient_partials: part p of channel c's n * spatial elements summed into partials[c * parts + p];
// blocks stride over the (channel, part) pairs.
__device__ void bias_gradient_partials(const float* dy, double* partials, int n, int channels, i64 spatial, i64 chunk, int max_parts)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    i64 count = (i64)n * spatial;
    int parts = reduction_parts(count, chunk, max_parts);
    for (int b = blockIdx.x; b < channels * parts; b += gridDim.x)
    {
        int c = b / parts, part = b - c * parts;
        i64 end = part_start(count, part + 1, parts);
        double sum = 0.0;
        for (i64 k = part_start(count, part, parts) + threadIdx.x; k < end; k += blockDim.x) sum += dy[channel_element(k, c, channels, spatial)];
        double total = block_sum(sum, partial);
        if (threadIdx.x == 0) partials[b] = total;
    }
}

// bias_gradient_combine: each channel's parts added in a fixed tree, rounded once, into dbias[c]. One
// block per channel (blocks stride over the channels); the same n, chunk and max_parts as the partial pass.
__device__ void bias_gradient_combine(const double* partials, float* dbias, int n, int channels, i64 spatial, i64 chunk, int max_parts)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    int parts = reduction_parts((i64)n * spatial, chunk, max_parts);
    for (int c = blockIdx.x; c < channels; c += gridDim.x)
    {
        double total = block_sum_of(partials + (i64)c * parts, parts, partial);
        if (threadIdx.x == 0) dbias[c] += (float)total;
    }
}
