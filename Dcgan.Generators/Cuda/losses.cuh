// ===== losses.cuh: Losses.cs and SoftmaxCrossEntropy.cs, the loss and its gradient in one kernel =====
// One block (grid 1, any power-of-two block): each thread walks its samples in index order, the block
// sums the terms in a fixed tree in double, and thread 0 writes the mean to *loss, the device scalar the
// host reads for logging and the divergence check. The target is an argument (label smoothing moves it
// per run, not per step); the gradient scale is the recipe's constant.

// BCE with logits: max(x, 0) - x t + log(1 + exp(-|x|)) in double; the gradient wrt the logit is
// scale / n * (sigmoid(x) - t) in float.
__device__ void bce_with_logits(const float* logits, int n, float target, float* dlogits, float* loss, float grad_scale)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    if (blockIdx.x != 0) return;
    double t = target;
    float gradient = grad_scale / n;
    double total = 0.0;
    for (int i = threadIdx.x; i < n; i += blockDim.x)
    {
        double x = logits[i];
        total += max_nan(x, 0.0) - x * t + log(1 + exp(-fabs(x)));
        float sigmoid = 1.0f / (1.0f + expf(-logits[i]));
        dlogits[i] = gradient * (sigmoid - target);
    }
    total = block_sum(total, partial);
    if (threadIdx.x == 0) *loss = (float)(total / n);
}

// BCE on probabilities (D ends in a sigmoid): each log clamped at -100 as PyTorch does; the gradient
// goes through the sigmoid to its input, in float as PyTorch chains the two backward functions.
__device__ void bce_on_probabilities(const float* probabilities, int n, float target, float* dlogits, float* loss, float grad_scale)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    if (blockIdx.x != 0) return;
    double t = target;
    double total = 0.0;
    for (int i = threadIdx.x; i < n; i += blockDim.x)
    {
        double p = probabilities[i];
        double log_p = max_nan(log(p), -100.0);
        double log_not_p = max_nan(log(1 - p), -100.0);
        total -= t * log_p + (1 - t) * log_not_p;
        float pf = probabilities[i];
        float slope_of_sigmoid = pf * (1.0f - pf);
        float dp = grad_scale * (pf - target) / max_nan_f(slope_of_sigmoid, 1e-12f) / n;
        dlogits[i] = dp * slope_of_sigmoid;
    }
    total = block_sum(total, partial);
    if (threadIdx.x == 0) *loss = (float)(total / n);
}

// Softmax cross-entropy against class indices stored as floats (a classifier's loss), mean over the
// batch; the gradient is (softmax - onehot) / n. A thread owns whole rows, summed in class order.
__device__ void softmax_cross_entropy(const float* logits, const float* labels, int n, int classes, float* dlogits, float* loss)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    if (blockIdx.x != 0) return;
    float scale = 1.0f / n;
    double total = 0.0;
    for (int i = threadIdx.x; i < n; i += blockDim.x)
    {
        const float* x = logits + (i64)i * classes;
        int label = (int)labels[i];
        float largest = x[0];
        for (int k = 1; k < classes; k++) largest = max_nan_f(largest, x[k]);
        double sum = 0.0;
        for (int k = 0; k < classes; k++) sum += exp((double)(x[k] - largest));
        double log_sum = log(sum) + largest;
        total += log_sum - x[label];
        float* d = dlogits + (i64)i * classes;
        for (int k = 0; k < classes; k++) d[k] = scale * ((float)exp(x[k] - log_sum) - (k == label ? 1.0f : 0.0f));
    }
    total = block_sum(total, partial);
    if (threadIdx.x == 0) *loss = (float)(total / n);
}

// How many rows have their label's logit as the (first) largest.
__device__ void count_correct(const float* logits, const float* labels, int n, int classes, int* correct)
{
    __shared__ double partial[DCGAN_MAX_THREADS];
    if (blockIdx.x != 0) return;
    double hits = 0.0;
    for (int i = threadIdx.x; i < n; i += blockDim.x)
    {
        const float* x = logits + (i64)i * classes;
        int best = 0;
        for (int k = 1; k < classes; k++)
            if (x[k] > x[best]) best = k;
        if (best == (int)labels[i]) hits += 1.0;
    }
    hits = block_sum(hits, partial);
    if (threadIdx.x == 0) *correct = (int)hits;
}
