// ===== batch_norm.cuh: BatchNorm.cs, forward in both modes and backward, the activation fused in =====
// x, y, dy, dx are [n, channels, spatial]; gamma, beta, the statistics are [channels]. A null gamma or
// beta means affine=False (1 and 0), as on the CPU. One block owns a channel (blocks stride over the
// channels), so its statistics come from one fixed tree and its parameters are written by one thread.

// Training mode: the batch's mean and biased variance (two passes: deviations from the mean), the
// running statistics moved by momentum with the unbiased variance, mean and 1/sqrt(var + eps) saved for
// the backward pass, then y = act(x * scale + shift) with scale and shift folded in double as the CPU does.
template <int ACT>
__device__ void batch_norm_training(const float* x, const float* gamma, const float* beta, float* running_mean,
    float* running_var, float* y, float* save_mean, float* save_invstd, int n, int channels, i64 spatial,
    float eps, float momentum, float slope)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    i64 count = (i64)n * spatial;
    for (int c = blockIdx.x; c < channels; c += gridDim.x)
    {
        double sum = 0.0;
        for (i64 k = threadIdx.x; k < count; k += blockDim.x) sum += x[channel_element(k, c, channels, spatial)];
        double mean = block_sum(sum, partial) / count;
        float center = (float)mean;
        double squares = 0.0;
        for (i64 k = threadIdx.x; k < count; k += blockDim.x)
        {
            double d = x[channel_element(k, c, channels, spatial)] - center;
            squares += d * d;
        }
        double variance = block_sum(squares, partial) / count;
        double inv_std = 1.0 / sqrt(variance + eps);

        if (threadIdx.x == 0)
        {
            if (save_mean) save_mean[c] = (float)mean;
            if (save_invstd) save_invstd[c] = (float)inv_std;
            if (running_mean)
            {
                double m = momentum;
                running_mean[c] = (float)((1 - m) * running_mean[c] + m * mean);
                double unbiased = count > 1 ? variance * count / (count - 1) : variance;
                running_var[c] = (float)((1 - m) * running_var[c] + m * unbiased);
            }
        }

        float g = gamma ? gamma[c] : 1.0f;
        float b = beta ? beta[c] : 0.0f;
        float scale = (float)(g * inv_std);
        float shift = (float)(b - mean * g * inv_std);
        for (i64 k = threadIdx.x; k < count; k += blockDim.x)
        {
            i64 e = channel_element(k, c, channels, spatial);
            y[e] = activate<ACT>(x[e] * scale + shift, slope);
        }
    }
}

// Eval mode: normalised by the running statistics.
template <int ACT>
__device__ void batch_norm_inference(const float* x, const float* gamma, const float* beta, const float* running_mean,
    const float* running_var, float* y, int n, int channels, i64 spatial, float eps, float slope)
{
    i64 count = (i64)n * spatial;
    for (int c = blockIdx.x; c < channels; c += gridDim.x)
    {
        double inv_std = 1.0 / sqrt(running_var[c] + (double)eps);
        float g = gamma ? gamma[c] : 1.0f;
        float b = beta ? beta[c] : 0.0f;
        float scale = (float)(g * inv_std);
        float shift = (float)(b - running_mean[c] * (double)g * inv_std);
        for (i64 k = threadIdx.x; k < count; k += blockDim.x)
        {
            i64 e = channel_element(k, c, channels, spatial);
            y[e] = activate<ACT>(x[e] * scale + shift, slope);
        }
    }
}

// Backward from the saved mean and 1/std: dbeta += sum(dy), dgamma += sum(dy * (x - mean)) / std, and
// dx = (dy - mean(dy) - (x - mean) * mean(dy * (x - mean)) / var) * gamma / std. dx null: gradients only.
__device__ void batch_norm_backward(const float* x, const float* dy, const float* gamma, const float* save_mean,
    const float* save_invstd, float* dx, float* dgamma, float* dbeta, int n, int channels, i64 spatial)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    i64 count = (i64)n * spatial;
    for (int c = blockIdx.x; c < channels; c += gridDim.x)
    {
        float mean = save_mean[c];
        double inv_std = save_invstd[c];
        double sum_dy = 0.0, dot = 0.0;
        for (i64 k = threadIdx.x; k < count; k += blockDim.x)
        {
            i64 e = channel_element(k, c, channels, spatial);
            sum_dy += dy[e];
            dot += dy[e] * (double)(x[e] - mean);
        }
        sum_dy = block_sum(sum_dy, partial);
        dot = block_sum(dot, partial);
        if (threadIdx.x == 0)
        {
            if (dbeta) dbeta[c] += (float)sum_dy;
            if (dgamma) dgamma[c] += (float)(dot * inv_std);
        }
        if (!dx) continue;

        float g = gamma ? gamma[c] : 1.0f;
        float mean_dy = (float)(sum_dy / count);
        float k_scale = (float)(dot * inv_std * inv_std / count);
        float out_scale = (float)(inv_std * g);
        for (i64 k = threadIdx.x; k < count; k += blockDim.x)
        {
            i64 e = channel_element(k, c, channels, spatial);
            dx[e] = (dy[e] - mean_dy - (x[e] - mean) * k_scale) * out_scale;
        }
    }
}
