// ===== data.cuh: what the trainer feeds a step (LatentSampler.cs, BatchSource.cs) =====

// Philox.FillNormal / FillUniform from the device's latent counter (a word index): the fill starts at
// block (counter + 3) / 4, value j from block first + j / 4, lane j % 4. advance_latent_counter then
// moves the counter past the blocks used, as the CPU's fill does.
__device__ void latent_normal(float* z, i64 count, const u64* counter, u64 seed, u64 stream)
{
    u64 first = (*counter + 3) >> 2;
    i64 blocks = (count + 3) / 4;
    for (i64 t = first_index(); t < blocks; t += grid_stride())
    {
        float values[4];
        philox_normals(philox_block(first + (u64)t, stream, seed), values);
        for (int lane = 0; lane < 4 && 4 * t + lane < count; lane++) z[4 * t + lane] = values[lane];
    }
}

// low + (high - low) * uniform in double, rounded once.
__device__ void latent_uniform(float* z, i64 count, const u64* counter, u64 seed, u64 stream, float low, float high)
{
    u64 first = (*counter + 3) >> 2;
    double span = (double)high - low;
    i64 blocks = (count + 3) / 4;
    for (i64 t = first_index(); t < blocks; t += grid_stride())
    {
        philox_words w = philox_block(first + (u64)t, stream, seed);
        for (int lane = 0; lane < 4 && 4 * t + lane < count; lane++)
            z[4 * t + lane] = (float)(low + span * philox_uniform(philox_lane(w, lane)));
    }
}

__device__ void advance_latent_counter(u64* counter, i64 count)
{
    if (first_index() == 0) *counter = (((*counter + 3) >> 2) + (u64)((count + 3) / 4)) << 2;
}

// BatchSource.Fill on the device: sample b of batch index (a device counter) is image
// order[index * n + b] of the dataset's 8-bit images, each pixel v mapped to low + (high - low) * (v / 255).
__device__ void gather_batch(float* real, const unsigned char* images, const int* order, const u64* batch_index,
    int n, i64 image_size, float low, float high)
{
    i64 count = (i64)n * image_size;
    i64 first = (i64)*batch_index * n;
    for (i64 i = first_index(); i < count; i += grid_stride())
    {
        i64 b = i / image_size;
        unsigned char v = images[(i64)order[first + b] * image_size + (i - b * image_size)];
        real[i] = low + (high - low) * ((float)v / 255.0f);
    }
}
