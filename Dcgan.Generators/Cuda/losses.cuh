// ===== losses.cuh: Losses.cs and SoftmaxCrossEntropy.cs, the loss and its gradient =====
// Each loss is a split reduction over the batch (common.cuh): the partial pass gives every sample its
// gradient and writes each part's sum of loss terms (in double, a fixed tree) to partials; loss_mean then
// writes the mean to *loss, the device scalar the host reads for logging and the divergence check. The
// target is an argument (label smoothing moves it per run, not per step); the gradient scale is the
// recipe's constant.

// The partial pass every loss shares: block b of the split sums term(i) over its part of the n samples
// (each thread its samples in index order) into partials[b]. term(i) also writes sample i's gradient.
template <typename Term>
__device__ void sum_over_samples(int n, i64 chunk, int max_parts, double* partials, Term term)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    int parts = reduction_parts(n, chunk, max_parts);
    for (int b = blockIdx.x; b < parts; b += gridDim.x)
    {
        double total = 0.0;
        int end = (int)part_start(n, b + 1, parts);
        for (int i = (int)part_start(n, b, parts) + threadIdx.x; i < end; i += blockDim.x) total += term(i);
        total = block_sum(total, partial);
        if (threadIdx.x == 0) partials[b] = total;
    }
}

// BCE with logits: max(x, 0) - x t + log(1 + exp(-|x|)) in double; the gradient wrt the logit is
// scale / n * (sigmoid(x) - t) in float.
__device__ void bce_with_logits_partials(const float* logits, int n, float target, float* dlogits, double* partials, float grad_scale, i64 chunk, int max_parts)
{
    double t = target;
    float gradient = grad_scale / n;
    sum_over_samples(n, chunk, max_parts, partials, [&](int i)
    {
        double x = logits[i];
        float sigmoid = 1.0f / (1.0f + expf(-logits[i]));
        dlogits[i] = gradient * (sigmoid - target);
        return max_nan(x, 0.0) - x * t + log(1 + exp(-fabs(x)));
    });
}

// BCE on probabilities (D ends in a sigmoid): each log clamped at -100 as PyTorch does; the gradient
// goes through the sigmoid to its input, in float as PyTorch chains the two backward functions.
__device__ void bce_on_probabilities_partials(const float* probabilities, int n, float target, float* dlogits, double* partials, float grad_scale, i64 chunk, int max_parts)
{
    double t = target;
    sum_over_samples(n, chunk, max_parts, partials, [&](int i)
    {
        double p = probabilities[i];
        double log_p = max_nan(log(p), -100.0);
        double log_not_p = max_nan(log(1 - p), -100.0);
        float pf = probabilities[i];
        float slope_of_sigmoid = pf * (1.0f - pf);
        float dp = grad_scale * (pf - target) / max_nan_f(slope_of_sigmoid, 1e-12f) / n;
        dlogits[i] = dp * slope_of_sigmoid;
        return -(t * log_p + (1 - t) * log_not_p);
    });
}

// Softmax cross-entropy against class indices stored as floats (a classifier's loss), mean over the
// batch; the gradient is (softmax - onehot) / n. A thread owns whole rows, summed in class order.
__device__ void softmax_cross_entropy_partials(const float* logits, const float* labels, int n, int classes, float* dlogits, double* partials, i64 chunk, int max_parts)
{
    float scale = 1.0f / n;
    sum_over_samples(n, chunk, max_parts, partials, [&](int i)
    {
        const float* x = logits + (i64)i * classes;
        int label = (int)labels[i];
        float largest = x[0];
        for (int k = 1; k < classes; k++) largest = max_nan_f(largest, x[k]);
        double sum = 0.0;
        for (int k = 0; k < classes; k++) sum += exp((double)(x[k] - largest));
        double log_sum = log(sum) + largest;
        float* d = dlogits + (i64)i * classes;
        for (int k = 0; k < classes; k++) d[k] = scale * ((float)exp(x[k] - log_sum) - (k == label ? 1.0f : 0.0f));
        return log_sum - x[label];
    });
}

// How many rows have their label's logit as the (first) largest: each part's count, as a double.
__device__ void count_correct_partials(const float* logits, const float* labels, int n, int classes, double* partials, i64 chunk, int max_parts)
{
    sum_over_samples(n, chunk, max_parts, partials, [&](int i)
    {
        const float* x = logits + (i64)i * classes;
        int best = 0;
        for (int k = 1; k < classes; k++)
            if (x[k] > x[best]) best = k;
        return best == (int)labels[i] ? 1.0 : 0.0;
    });
}

// The combining launch of a loss (one block): the parts added in a fixed tree, the mean over n to *loss.
__device__ void loss_mean(const double* partials, int n, i64 chunk, int max_parts, float* loss)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    if (blockIdx.x != 0) return;
    double total = block_sum_of(partials, reduction_parts(n, chunk, max_parts), partial);
    if (threadIdx.x == 0) *loss = (float)(total / n);
}

// The combining launch of count_correct (one block): the parts' counts added into *correct.
__device__ void correct_total(const double* partials, int n, i64 chunk, int max_parts, int* correct)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    if (blockIdx.x != 0) return;
    double total = block_sum_of(partials, reduction_parts(n, chunk, max_parts), partial);
    if (threadIdx.x == 0) *correct = (int)total;
}
