// ===== adam.cuh: Adam.cs over one network's whole parameter buffer =====
// torch.optim.Adam with L2 weight decay added to the gradient. The step count is read from the device
// (advance_counter moves it just before), so one captured launch serves every step. The bias
// corrections are computed in double and rounded once, as the CPU does; each thread computes them.
__device__ void adam(float* p, const float* g, float* m, float* v, i64 count, const u64* step_counter,
    float lr, float beta1, float beta2, float eps, float weight_decay)
{
    double step = (double)*step_counter;
    double correction1 = 1 - pow((double)beta1, step);
    double correction2 = 1 - pow((double)beta2, step);
    float step_size = (float)(lr / correction1);
    float correction_sqrt = (float)sqrt(correction2);
    for (i64 i = first_index(); i < count; i += grid_stride())
    {
        float grad = g[i] + weight_decay * p[i];
        m[i] = beta1 * m[i] + (1.0f - beta1) * grad;
        v[i] = beta2 * v[i] + (1.0f - beta2) * grad * grad;
        p[i] -= step_size * m[i] / (sqrtf(v[i]) / correction_sqrt + eps);
    }
}
