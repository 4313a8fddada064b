// cudnn_batchnorm.cpp: the stand-in cuDNN's batch normalization (cudnn_ops.h's legacy API), spatial (one statistic
// per channel over N, H and W) and per-activation (one per C, H, W position over N). Training saves the batch mean
// and the inverse standard deviation 1/sqrt(biased variance + epsilon) and moves the running statistics by the
// exponential average factor, the running variance from the unbiased batch variance; inference uses the running
// statistics given; backward works from the saved statistics (recomputed when none are given). Sums in double.
#include <cmath>
#include <vector>
#include "cudnn_internal.h"

using namespace standin::cudnn;

namespace
{
enum : int { kPerActivation = 0, kSpatial = 1, kSpatialPersistent = 2 };

// Which elements share a statistic: feature f's m-th element is at index(f, m).
struct Layout
{
    Shape4 x;
    bool spatial;
    int64_t features() const { return spatial ? x.c : int64_t(x.c) * x.h * x.w; }
    int64_t per_feature() const { return spatial ? int64_t(x.n) * x.h * x.w : x.n; }
    int64_t index(int64_t f, int64_t m) const
    {
        if (!spatial) return m * features() + f;
        int64_t plane = int64_t(x.h) * x.w;
        return ((m / plane) * x.c + f) * plane + m % plane;
    }
    Shape4 parameter_shape() const { return spatial ? Shape4{1, x.c, 1, 1, true} : Shape4{1, x.c, x.h, x.w, true}; }
};

struct Statistics
{
    std::vector<double> mean, biased_variance;
};

Statistics batch_statistics(const Layout& layout, const float* x)
{
    Statistics s{std::vector<double>(layout.features()), std::vector<double>(layout.features())};
    const int64_t count = layout.per_feature();
    for (int64_t f = 0; f < layout.features(); f++)
    {
        double sum = 0, squares = 0;
        for (int64_t m = 0; m < count; m++) sum += x[layout.index(f, m)];
        double mean = sum / count;
        for (int64_t m = 0; m < count; m++)
        {
            double d = x[layout.index(f, m)] - mean;
            squares += d * d;
        }
        s.mean[f] = mean;
        s.biased_variance[f] = squares / count;
    }
    return s;
}

// The layout of x, after checking the mode, the descriptors and the required pointers.
cudnnStatus_t layout_of(void* handle, int mode, void* x_desc, void* y_desc, void* parameter_desc, const char* call, Layout& out)
{
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (mode != kPerActivation && mode != kSpatial && mode != kSpatialPersistent) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": unknown mode");
    const Shape4 *x = find_tensor(x_desc), *y = find_tensor(y_desc), *parameters = find_tensor(parameter_desc);
    if (!x || !y || !parameters) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": a descriptor is not live and set");
    out = Layout{*x, mode != kPerActivation};
    if (!(*y == *x)) return fail(CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH, std::string(call) + ": x and y differ in shape");
    if (!(*parameters == out.parameter_shape()))
        return fail(CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH, std::string(call) + ": the scale/bias/mean/variance descriptor is not the derived one");
    return CUDNN_STATUS_SUCCESS;
}

bool live_or_null(const void* p, int64_t floats) { return !p || device_floats(p, floats); }

float scalar(const void* p) { return *static_cast<const float*>(p); }
}

// Spatial: [1, C, 1, 1]; per-activation: [1, C, H, W].
STANDIN_EXPORT cudnnStatus_t cudnnDeriveBNTensorDescriptor(void* derived, void* x_desc, int mode)
{
    const Shape4* x = find_tensor(x_desc);
    if (!x) return fail(CUDNN_STATUS_BAD_PARAM, "cudnnDeriveBNTensorDescriptor: x is not a live, set descriptor");
    if (mode != kPerActivation && mode != kSpatial && mode != kSpatialPersistent) return fail(CUDNN_STATUS_BAD_PARAM, "cudnnDeriveBNTensorDescriptor: unknown mode");
    Shape4 shape = Layout{*x, mode != kPerActivation}.parameter_shape();
    return cudnnSetTensor4dDescriptor(derived, kFormatNchw, kDataFloat, shape.n, shape.c, shape.h, shape.w);
}

STANDIN_EXPORT cudnnStatus_t cudnnBatchNormalizationForwardTraining(
    void* handle, int mode, const void* alpha, const void* beta, void* x_desc, const void* x_pointer, void* y_desc, void* y_pointer,
    void* parameter_desc, const void* scale_pointer, const void* bias_pointer, double factor, void* running_mean_pointer,
    void* running_variance_pointer, double epsilon, void* save_mean_pointer, void* save_inv_std_pointer)
{
    const char* call = "cudnnBatchNormalizationForwardTraining";
    Layout layout;
    if (cudnnStatus_t s = layout_of(handle, mode, x_desc, y_desc, parameter_desc, call, layout)) return s;
    if (!alpha || !beta || !x_pointer || !y_pointer || !scale_pointer || !bias_pointer)
        return fail(CUDNN_STATUS_BAD_PARAM_NULL_POINTER, std::string(call) + ": alpha, beta, x, y, scale and bias are required");
    if (!running_mean_pointer != !running_variance_pointer || !save_mean_pointer != !save_inv_std_pointer)
        return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": running mean and variance (and the saved pair) are both given or both NULL");
    if (epsilon < 0 || layout.per_feature() < 2) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": epsilon < 0, or fewer than 2 values per statistic");
    double a = scalar(alpha), b = scalar(beta);
    auto *x = static_cast<const float*>(x_pointer), *scale = static_cast<const float*>(scale_pointer), *bias = static_cast<const float*>(bias_pointer);
    auto *y = static_cast<float*>(y_pointer), *running_mean = static_cast<float*>(running_mean_pointer),
         *running_variance = static_cast<float*>(running_variance_pointer), *save_mean = static_cast<float*>(save_mean_pointer),
         *save_inv_std = static_cast<float*>(save_inv_std_pointer);
    return submit(*find_handle(handle), call, [=]() -> CUresult {
        const int64_t features = layout.features(), count = layout.per_feature();
        if (!device_floats(x, layout.x.count()) || !device_floats(y, layout.x.count()) || !device_floats(scale, features) ||
            !device_floats(bias, features) || !live_or_null(running_mean, features) || !live_or_null(running_variance, features) ||
            !live_or_null(save_mean, features) || !live_or_null(save_inv_std, features))
            return STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS;
        Statistics s = batch_statistics(layout, x);
        for (int64_t f = 0; f < features; f++)
        {
            double inv_std = 1.0 / std::sqrt(s.biased_variance[f] + epsilon);
            for (int64_t m = 0; m < count; m++)
            {
                int64_t i = layout.index(f, m);
                blend(y[i], scale[f] * (x[i] - s.mean[f]) * inv_std + bias[f], a, b);
            }
            if (running_mean)
            {
                double unbiased = s.biased_variance[f] * count / (count - 1);
                running_mean[f] = float((1 - factor) * running_mean[f] + factor * s.mean[f]);
                running_variance[f] = float((1 - factor) * running_variance[f] + factor * unbiased);
            }
            if (save_mean)
            {
                save_mean[f] = float(s.mean[f]);
                save_inv_std[f] = float(inv_std);
            }
        }
        return STANDIN_CUDA_SUCCESS;
    });
}

STANDIN_EXPORT cudnnStatus_t cudnnBatchNormalizationForwardInference(
    void* handle, int mode, const void* alpha, const void* beta, void* x_desc, const void* x_pointer, void* y_desc, void* y_pointer,
    void* parameter_desc, const void* scale_pointer, const void* bias_pointer, const void* mean_pointer, const void* variance_pointer, double epsilon)
{
    const char* call = "cudnnBatchNormalizationForwardInference";
    Layout layout;
    if (cudnnStatus_t s = layout_of(handle, mode, x_desc, y_desc, parameter_desc, call, layout)) return s;
    if (!alpha || !beta || !x_pointer || !y_pointer || !scale_pointer || !bias_pointer || !mean_pointer || !variance_pointer)
        return fail(CUDNN_STATUS_BAD_PARAM_NULL_POINTER, std::string(call) + ": every tensor is required");
    if (epsilon < 0) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": epsilon < 0");
    double a = scalar(alpha), b = scalar(beta);
    auto *x = static_cast<const float*>(x_pointer), *scale = static_cast<const float*>(scale_pointer), *bias = static_cast<const float*>(bias_pointer),
         *mean = static_cast<const float*>(mean_pointer), *variance = static_cast<const float*>(variance_pointer);
    auto* y = static_cast<float*>(y_pointer);
    return submit(*find_handle(handle), call, [=]() -> CUresult {
        const int64_t features = layout.features(), count = layout.per_feature();
        if (!device_floats(x, layout.x.count()) || !device_floats(y, layout.x.count()) || !device_floats(scale, features) ||
            !device_floats(bias, features) || !device_floats(mean, features) || !device_floats(variance, features))
            return STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS;
        for (int64_t f = 0; f < features; f++)
        {
            double inv_std = 1.0 / std::sqrt(double(variance[f]) + epsilon);
            for (int64_t m = 0; m < count; m++)
            {
                int64_t i = layout.index(f, m);
                blend(y[i], scale[f] * (x[i] - double(mean[f])) * inv_std + bias[f], a, b);
            }
        }
        return STANDIN_CUDA_SUCCESS;
    });
}

// dx = scale inv_std / M (M dy - sum dy - xhat sum(dy xhat)), dscale = sum(dy xhat), dbias = sum dy; alpha/beta
// blend dx (data) and dscale, dbias (parameters).
STANDIN_EXPORT cudnnStatus_t cudnnBatchNormalizationBackward(
    void* handle, int mode, const void* alpha_data, const void* beta_data, const void* alpha_parameters, const void* beta_parameters,
    void* x_desc, const void* x_pointer, void* dy_desc, const void* dy_pointer, void* dx_desc, void* dx_pointer, void* parameter_desc,
    const void* scale_pointer, void* dscale_pointer, void* dbias_pointer, double epsilon, const void* saved_mean_pointer, const void* saved_inv_std_pointer)
{
    const char* call = "cudnnBatchNormalizationBackward";
    Layout layout;
    if (cudnnStatus_t s = layout_of(handle, mode, x_desc, dy_desc, parameter_desc, call, layout)) return s;
    const Shape4* dx_shape = find_tensor(dx_desc);
    if (!dx_shape || !(*dx_shape == layout.x)) return fail(CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH, std::string(call) + ": dx is not shaped as x");
    if (!alpha_data || !beta_data || !alpha_parameters || !beta_parameters || !x_pointer || !dy_pointer || !dx_pointer || !scale_pointer ||
        !dscale_pointer || !dbias_pointer)
        return fail(CUDNN_STATUS_BAD_PARAM_NULL_POINTER, std::string(call) + ": the scaling factors, x, dy, dx, scale, dscale and dbias are required");
    if (!saved_mean_pointer != !saved_inv_std_pointer) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": the saved mean and inverse variance are both given or both NULL");
    if (epsilon < 0) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": epsilon < 0");
    double ad = scalar(alpha_data), bd = scalar(beta_data), ap = scalar(alpha_parameters), bp = scalar(beta_parameters);
    auto *x = static_cast<const float*>(x_pointer), *dy = static_cast<const float*>(dy_pointer), *scale = static_cast<const float*>(scale_pointer),
         *saved_mean = static_cast<const float*>(saved_mean_pointer), *saved_inv_std = static_cast<const float*>(saved_inv_std_pointer);
    auto *dx = static_cast<float*>(dx_pointer), *dscale = static_cast<float*>(dscale_pointer), *dbias = static_cast<float*>(dbias_pointer);
    return submit(*find_handle(handle), call, [=]() -> CUresult {
        const int64_t features = layout.features(), count = layout.per_feature();
        if (!device_floats(x, layout.x.count()) || !device_floats(dy, layout.x.count()) || !device_floats(dx, layout.x.count()) ||
            !device_floats(scale, features) || !device_floats(dscale, features) || !device_floats(dbias, features) ||
            !live_or_null(saved_mean, features) || !live_or_null(saved_inv_std, features))
            return STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS;
        Statistics recomputed;
        if (!saved_mean) recomputed = batch_statistics(layout, x);
        for (int64_t f = 0; f < features; f++)
        {
            double mean = saved_mean ? double(saved_mean[f]) : recomputed.mean[f];
            double inv_std = saved_mean ? double(saved_inv_std[f]) : 1.0 / std::sqrt(recomputed.biased_variance[f] + epsilon);
            double sum_dy = 0, sum_dy_xhat = 0;
            for (int64_t m = 0; m < count; m++)
            {
                int64_t i = layout.index(f, m);
                sum_dy += dy[i];
                sum_dy_xhat += dy[i] * (x[i] - mean) * inv_std;
            }
            for (int64_t m = 0; m < count; m++)
            {
                int64_t i = layout.index(f, m);
                double xhat = (x[i] - mean) * inv_std;
                blend(dx[i], scale[f] * inv_std / count * (count * double(dy[i]) - sum_dy - xhat * sum_dy_xhat), ad, bd);
            }
            blend(dscale[f], sum_dy_xhat, ap, bp);
            blend(dbias[f], sum_dy, ap, bp);
        }
        return STANDIN_CUDA_SUCCESS;
    });
}
