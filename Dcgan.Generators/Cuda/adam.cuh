// ===== adam.cuh: Adam.cs over one network's whole parameter buffer =====
// torch.optim.Adam with L2 weight decay added to the gradient. The step's bias corrections are computed
// once, by one thread just before the update (adam_begin_step), from the device's Adam step counter, so one
// captured pair of launches serves every step and no Adam thread computes a double pow.

// One thread: the network's Adam step count +1, then CpuKernels.AdamCorrections of the new count (in double,
// rounded once, as the CPU does): corrections[0] = lr / (1 - beta1^t), corrections[1] = sqrt(1 - beta2^t).
__device__ void adam_begin_step(u64* step_counter, float lr, float beta1, float beta2, float* corrections)
{
    if (first_index() != 0) return;
    u64 t = *step_counter + 1;
    *step_counter = t;
    double step = (double)t;
    double correction1 = 1 - pow((double)beta1, step);
    double correction2 = 1 - pow((double)beta2, step);
    corrections[0] = (float)(lr / correction1);
    corrections[1] = (float)sqrt(correction2);
}

// The update, every element the same float operations as the CPU's, with the corrections adam_begin_step wrote.
__device__ void adam(float* p, const float* g, float* m, float* v, i64 count, const float* corrections,
    float beta1, float beta2, float eps, float weight_decay)
{
    float step_size = corrections[0];
    float correction_sqrt = corrections[1];
    for (i64 i = first_index(); i < count; i += grid_stride())
    {
        float grad = g[i] + weight_decay * p[i];
        m[i] = beta1 * m[i] + (1.0f - beta1) * grad;
        v[i] = beta2 * v[i] + (1.0f - beta2) * grad * grad;
        p[i] -= step_size * m[i] / (sqrtf(v[i]) / correction_sqrt + eps);
    }
}
