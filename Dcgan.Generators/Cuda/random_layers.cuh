// ===== random_layers.cuh: Dropout.cs and GaussianNoise.cs =====
// Element i of a call reads lane i % 4 of Philox block offset + i / 4 of the call site's own stream,
// where offset = step << 32 (GanState.RandomCounter) and step is the device's step counter. A thread
// takes the four elements of one block.

// Inverted dropout: kept iff uniform > rate, kept values scaled by 1 / (1 - rate) (in double, rounded),
// the multiplier stored in mask for the backward pass.
__device__ void dropout_forward(const float* x, float* y, float* mask, i64 count, float rate, u64 seed, u64 stream, const u64* step)
{
    u64 offset = *step << 32;
    float scale = (float)(1.0 / (1.0 - rate));
    i64 blocks = (count + 3) / 4;
    for (i64 t = first_index(); t < blocks; t += grid_stride())
    {
        philox_words w = philox_block(offset + (u64)t, stream, seed);
        for (int lane = 0; lane < 4 && 4 * t + lane < count; lane++)
        {
            i64 i = 4 * t + lane;
            float m = philox_uniform(philox_lane(w, lane)) > rate ? scale : 0.0f;
            mask[i] = m;
            y[i] = x[i] * m;
        }
    }
}

__device__ void dropout_backward(const float* dy, const float* mask, float* dx, i64 count)
{
    for (i64 i = first_index(); i < count; i += grid_stride()) dx[i] = dy[i] * mask[i];
}

// y = x + sigma * z, z standard normal; sigma 0 copies, as the CPU does.
__device__ void gaussian_noise(const float* x, float* y, i64 count, float sigma, u64 seed, u64 stream, const u64* step)
{
    if (sigma == 0.0f)
    {
        copy(x, y, count);
        return;
    }
    u64 offset = *step << 32;
    i64 blocks = (count + 3) / 4;
    for (i64 t = first_index(); t < blocks; t += grid_stride())
    {
        float z[4];
        philox_normals(philox_block(offset + (u64)t, stream, seed), z);
        for (int lane = 0; lane < 4 && 4 * t + lane < count; lane++)
        {
            i64 i = 4 * t + lane;
            y[i] = x[i] + sigma * z[lane];
        }
    }
}
