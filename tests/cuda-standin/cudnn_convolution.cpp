// cudnn_convolution.cpp: the stand-in cuDNN's convolutions (cudnn_cnn.h's legacy API): forward, backward data,
// backward filter and backward bias on NCHW floats, with padding, stride and dilation, cross-correlation or
// convolution (the filter flipped), and alpha/beta blending (beta 0: the output is not read). Sums are in double,
// rounded to float once. Every algorithm number is accepted and computed the same way, needing no workspace; the
// algorithm searches report each as such. Determinism is reported as cuDNN documents it (backward data's ALGO_0,
// backward filter's ALGO_0 and ALGO_3 are not deterministic). The heuristics (_v7) rank the algorithms by number;
// a Find search measures the routine once and ranks them the other way round (highest number fastest, each next
// one 1/8 of that measurement slower), so that a caller's choice shows which of the two it followed.
#include <algorithm>
#include <chrono>
#include <vector>
#include "cudnn_internal.h"

using namespace standin::cudnn;

namespace
{
// cudnnConvolution*Algo_t counts (CUDNN_CONVOLUTION_*_ALGO_COUNT).
constexpr int kForwardAlgorithms = 8, kBackwardDataAlgorithms = 6, kBackwardFilterAlgorithms = 7;

// cudnnConvolution*AlgoPerf_t (cudnn_cnn.h): all three share this 48-byte layout.
struct AlgorithmPerf
{
    int algo;
    int status;
    float time;
    size_t memory;
    int determinism;  // CUDNN_DETERMINISTIC = 1
    int math_type;
    int reserved[3];
};
static_assert(sizeof(AlgorithmPerf) == 48);

// One convolution's sizes: image side x [N, C, H, W], filter [K, C, R, S], feature side y [N, K, P, Q].
struct Geometry
{
    Shape4 x, filter, y;
    Convolution convolution;

    // The image position a tap reads for output position out (may be outside the image: padding).
    int image_row(int p, int r) const { return p * convolution.stride_h - convolution.pad_h + r * convolution.dilation_h; }
    int image_column(int q, int s) const { return q * convolution.stride_w - convolution.pad_w + s * convolution.dilation_w; }
    // The filter element a tap (r, s) multiplies: flipped for CUDNN_CONVOLUTION.
    int64_t filter_index(int k, int c, int r, int s) const
    {
        if (convolution.mode == kConvolution) r = filter.h - 1 - r, s = filter.w - 1 - s;
        return ((int64_t(k) * filter.c + c) * filter.h + r) * filter.w + s;
    }
    int64_t x_index(int n, int c, int h, int w) const { return ((int64_t(n) * x.c + c) * x.h + h) * x.w + w; }
    int64_t y_index(int n, int k, int p, int q) const { return ((int64_t(n) * y.c + k) * y.h + p) * y.w + q; }

    // Visits every (x element, filter element, y element) product of the convolution.
    template <typename Visit>
    void each_product(Visit visit) const
    {
        for (int n = 0; n < x.n; n++)
            for (int k = 0; k < y.c; k++)
                for (int p = 0; p < y.h; p++)
                    for (int q = 0; q < y.w; q++)
                        for (int c = 0; c < x.c; c++)
                            for (int r = 0; r < filter.h; r++)
                            {
                                int h = image_row(p, r);
                                if (h < 0 || h >= x.h) continue;
                                for (int s = 0; s < filter.w; s++)
                                {
                                    int w = image_column(q, s);
                                    if (w < 0 || w >= x.w) continue;
                                    visit(x_index(n, c, h, w), filter_index(k, c, r, s), y_index(n, k, p, q));
                                }
                            }
    }
};

// The geometry the descriptors describe, or the reason they do not fit together.
cudnnStatus_t geometry(void* x_desc, void* w_desc, void* conv_desc, void* y_desc, const char* call, Geometry& out)
{
    const Shape4 *x = find_tensor(x_desc), *w = find_filter(w_desc), *y = find_tensor(y_desc);
    const Convolution* convolution = find_convolution(conv_desc);
    if (!x || !w || !y || !convolution) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": a descriptor is not live and set");
    const Convolution& cv = *convolution;
    int p = (x->h + 2 * cv.pad_h - cv.dilation_h * (w->h - 1) - 1) / cv.stride_h + 1;
    int q = (x->w + 2 * cv.pad_w - cv.dilation_w * (w->w - 1) - 1) / cv.stride_w + 1;
    if (x->c != w->c) return fail(CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH, std::string(call) + ": the image's channels differ from the filter's");
    if (y->n != x->n || y->c != w->n || y->h != p || y->w != q)
        return fail(CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH, std::string(call) + ": the output tensor is not [" + std::to_string(x->n) + ", " +
                    std::to_string(w->n) + ", " + std::to_string(p) + ", " + std::to_string(q) + "]");
    out = Geometry{*x, *w, *y, cv};
    return CUDNN_STATUS_SUCCESS;
}

cudnnStatus_t check_algorithm(int algorithm, int count, const char* call)
{
    return algorithm >= 0 && algorithm < count ? CUDNN_STATUS_SUCCESS : fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": no such algorithm");
}

// CUdeviceptr and the stand-in driver's allocation calls (cuda.h), which a non-Ex Find uses for its trial buffers.
typedef unsigned long long CUdeviceptr;
extern "C" CUresult cuMemAlloc_v2(CUdeviceptr* pointer, size_t bytes);
extern "C" CUresult cuMemFree_v2(CUdeviceptr pointer);

// One routine on live device memory: sums of products into a double buffer, then blended into the output.
enum class Routine { Forward, BackwardData, BackwardFilter };

struct ConvolutionWork
{
    Routine routine;
    Geometry g;
    const float *x, *w, *y;  // inputs of the routine (the one it writes is null here)
    float* out;
    double alpha, beta;

    CUresult operator()() const
    {
        const int64_t out_count = routine == Routine::Forward ? g.y.count() : routine == Routine::BackwardData ? g.x.count() : g.filter.count();
        if (routine != Routine::BackwardData && !device_floats(x, g.x.count())) return STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS;
        if (routine != Routine::BackwardFilter && !device_floats(w, g.filter.count())) return STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS;
        if (routine != Routine::Forward && !device_floats(y, g.y.count())) return STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS;
        if (!device_floats(out, out_count)) return STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS;
        std::vector<double> sums(size_t(out_count), 0.0);
        if (alpha != 0)
        {
            if (routine == Routine::Forward)
                g.each_product([&](int64_t xi, int64_t wi, int64_t yi) { sums[yi] += double(x[xi]) * double(w[wi]); });
            else if (routine == Routine::BackwardData)
                g.each_product([&](int64_t xi, int64_t wi, int64_t yi) { sums[xi] += double(y[yi]) * double(w[wi]); });
            else
                g.each_product([&](int64_t xi, int64_t wi, int64_t yi) { sums[wi] += double(y[yi]) * double(x[xi]); });
        }
        for (int64_t i = 0; i < out_count; i++) blend(out[i], sums[i], alpha, beta);
        return STANDIN_CUDA_SUCCESS;
    }
};

cudnnStatus_t run(void* handle_pointer, const char* call, ConvolutionWork work, const void* alpha, const void* beta)
{
    Handle* handle = find_handle(handle_pointer);
    if (!handle) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (!alpha || !beta) return fail(CUDNN_STATUS_BAD_PARAM_NULL_POINTER, std::string(call) + ": alpha and beta are required");
    work.alpha = *static_cast<const float*>(alpha);
    work.beta = *static_cast<const float*>(beta);
    return submit(*handle, call, work);
}

// cudnnDeterminism_t of an algorithm, as cuDNN's documentation of each routine's algorithms gives it.
int determinism(Routine routine, int algorithm)
{
    if (routine == Routine::BackwardData) return algorithm == 0 ? 0 : 1;
    if (routine == Routine::BackwardFilter) return algorithm == 0 || algorithm == 3 ? 0 : 1;
    return 1;
}

cudnnStatus_t check_results(int requested, int* returned, void* results, const char* call)
{
    if (!returned || !results) return fail(CUDNN_STATUS_BAD_PARAM_NULL_POINTER, std::string(call) + ": returnedAlgoCount and perfResults are required");
    if (requested <= 0) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": requestedAlgoCount must be positive");
    return CUDNN_STATUS_SUCCESS;
}

// The heuristics' rows: every algorithm in number order, time 0 (nothing is measured), no workspace.
cudnnStatus_t report(Routine routine, int algorithms, int requested, int* returned, void* results, const Convolution& convolution, const char* call)
{
    if (cudnnStatus_t s = check_results(requested, returned, results, call)) return s;
    int rows = std::min(requested, algorithms);
    auto* perf = static_cast<AlgorithmPerf*>(results);
    for (int i = 0; i < rows; i++) perf[i] = AlgorithmPerf{i, CUDNN_STATUS_SUCCESS, 0, 0, determinism(routine, i), convolution.math_type, {0, 0, 0}};
    *returned = rows;
    return CUDNN_STATUS_SUCCESS;
}

// A Find search runs the routine once, now (it is not stream work), overwriting the output as cuDNN's does, and
// reports its rows fastest first: algorithm a at milliseconds * (1 + (algorithms - 1 - a) / 8).
cudnnStatus_t find(ConvolutionWork work, int algorithms, int requested, int* returned, void* results, const char* call)
{
    if (cudnnStatus_t s = check_results(requested, returned, results, call)) return s;
    work.alpha = 1;
    work.beta = 0;
    auto start = std::chrono::steady_clock::now();
    if (work() != STANDIN_CUDA_SUCCESS) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": a tensor is not in live device memory");
    float milliseconds = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - start).count();
    int rows = std::min(requested, algorithms);
    auto* perf = static_cast<AlgorithmPerf*>(results);
    for (int i = 0; i < rows; i++)
    {
        int algorithm = algorithms - 1 - i;
        perf[i] = AlgorithmPerf{algorithm, CUDNN_STATUS_SUCCESS, milliseconds * (1 + i / 8.0f), 0, determinism(work.routine, algorithm),
                                work.g.convolution.math_type, {0, 0, 0}};
    }
    *returned = rows;
    return CUDNN_STATUS_SUCCESS;
}

// A non-Ex Find allocates the tensors it tries the algorithms on (cuMemAlloc_v2), so it is refused, as cuDNN's is,
// where an allocation is: while a capture forbids it.
cudnnStatus_t find_on_own_buffers(ConvolutionWork work, int algorithms, int requested, int* returned, void* results, const char* call)
{
    CUdeviceptr x = 0, w = 0, y = 0;
    auto release = [&] { for (CUdeviceptr p : {x, w, y}) if (p) cuMemFree_v2(p); };
    if (cuMemAlloc_v2(&x, size_t(work.g.x.count()) * sizeof(float)) || cuMemAlloc_v2(&w, size_t(work.g.filter.count()) * sizeof(float)) ||
        cuMemAlloc_v2(&y, size_t(work.g.y.count()) * sizeof(float)))
    {
        release();
        return fail(CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED, std::string(call) + ": cannot allocate the buffers it tries the algorithms on");
    }
    work.x = reinterpret_cast<const float*>(x);
    work.w = reinterpret_cast<const float*>(w);
    work.y = reinterpret_cast<const float*>(y);
    work.out = reinterpret_cast<float*>(work.routine == Routine::Forward ? y : work.routine == Routine::BackwardData ? x : w);
    cudnnStatus_t status = find(work, algorithms, requested, returned, results, call);
    release();
    return status;
}

cudnnStatus_t no_workspace(cudnnStatus_t fits, size_t* bytes, const char* call)
{
    if (fits != CUDNN_STATUS_SUCCESS) return fits;
    if (!bytes) return fail(CUDNN_STATUS_BAD_PARAM_NULL_POINTER, std::string(call) + ": sizeInBytes is required");
    *bytes = 0;
    return CUDNN_STATUS_SUCCESS;
}
}

STANDIN_EXPORT cudnnStatus_t cudnnConvolutionForward(void* handle, const void* alpha, void* x_desc, const void* x, void* w_desc, const void* w,
                                                     void* conv_desc, int algo, void*, size_t, const void* beta, void* y_desc, void* y)
{
    const char* call = "cudnnConvolutionForward";
    Geometry g;
    if (cudnnStatus_t s = geometry(x_desc, w_desc, conv_desc, y_desc, call, g)) return s;
    if (cudnnStatus_t s = check_algorithm(algo, kForwardAlgorithms, call)) return s;
    return run(handle, call, {Routine::Forward, g, static_cast<const float*>(x), static_cast<const float*>(w), nullptr, static_cast<float*>(y), 0, 0}, alpha, beta);
}

STANDIN_EXPORT cudnnStatus_t cudnnConvolutionBackwardData(void* handle, const void* alpha, void* w_desc, const void* w, void* dy_desc, const void* dy,
                                                          void* conv_desc, int algo, void*, size_t, const void* beta, void* dx_desc, void* dx)
{
    const char* call = "cudnnConvolutionBackwardData";
    Geometry g;
    if (cudnnStatus_t s = geometry(dx_desc, w_desc, conv_desc, dy_desc, call, g)) return s;
    if (cudnnStatus_t s = check_algorithm(algo, kBackwardDataAlgorithms, call)) return s;
    return run(handle, call, {Routine::BackwardData, g, nullptr, static_cast<const float*>(w), static_cast<const float*>(dy), static_cast<float*>(dx), 0, 0}, alpha, beta);
}

STANDIN_EXPORT cudnnStatus_t cudnnConvolutionBackwardFilter(void* handle, const void* alpha, void* x_desc, const void* x, void* dy_desc, const void* dy,
                                                            void* conv_desc, int algo, void*, size_t, const void* beta, void* dw_desc, void* dw)
{
    const char* call = "cudnnConvolutionBackwardFilter";
    Geometry g;
    if (cudnnStatus_t s = geometry(x_desc, dw_desc, conv_desc, dy_desc, call, g)) return s;
    if (cudnnStatus_t s = check_algorithm(algo, kBackwardFilterAlgorithms, call)) return s;
    return run(handle, call, {Routine::BackwardFilter, g, static_cast<const float*>(x), nullptr, static_cast<const float*>(dy), static_cast<float*>(dw), 0, 0}, alpha, beta);
}

// db [1, K, 1, 1] = alpha * (dy summed over N, P and Q) + beta * db.
STANDIN_EXPORT cudnnStatus_t cudnnConvolutionBackwardBias(void* handle_pointer, const void* alpha, void* dy_desc, const void* dy, const void* beta,
                                                          void* db_desc, void* db)
{
    const char* call = "cudnnConvolutionBackwardBias";
    Handle* handle = find_handle(handle_pointer);
    const Shape4 *gradient = find_tensor(dy_desc), *bias = find_tensor(db_desc);
    if (!handle || !gradient || !bias) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": a handle or descriptor is not live and set");
    if (!alpha || !beta) return fail(CUDNN_STATUS_BAD_PARAM_NULL_POINTER, std::string(call) + ": alpha and beta are required");
    if (!(*bias == Shape4{1, gradient->c, 1, 1, true})) return fail(CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH, std::string(call) + ": db must be [1, K, 1, 1]");
    Shape4 shape = *gradient;
    double a = *static_cast<const float*>(alpha), b = *static_cast<const float*>(beta);
    auto* in = static_cast<const float*>(dy);
    auto* out = static_cast<float*>(db);
    return submit(*handle, call, [=]() -> CUresult {
        if (!device_floats(in, shape.count()) || !device_floats(out, shape.c)) return STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS;
        const int64_t plane = int64_t(shape.h) * shape.w;
        for (int k = 0; k < shape.c; k++)
        {
            double sum = 0;
            for (int n = 0; n < shape.n; n++)
                for (int64_t i = 0; i < plane; i++) sum += in[(int64_t(n) * shape.c + k) * plane + i];
            blend(out[k], sum, a, b);
        }
        return STANDIN_CUDA_SUCCESS;
    });
}

STANDIN_EXPORT cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(void* handle, void* x_desc, void* w_desc, void* conv_desc, void* y_desc, int algo, size_t* bytes)
{
    const char* call = "cudnnGetConvolutionForwardWorkspaceSize";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    cudnnStatus_t fits = geometry(x_desc, w_desc, conv_desc, y_desc, call, g);
    return no_workspace(fits ? fits : check_algorithm(algo, kForwardAlgorithms, call), bytes, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(void* handle, void* w_desc, void* dy_desc, void* conv_desc, void* dx_desc, int algo, size_t* bytes)
{
    const char* call = "cudnnGetConvolutionBackwardDataWorkspaceSize";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    cudnnStatus_t fits = geometry(dx_desc, w_desc, conv_desc, dy_desc, call, g);
    return no_workspace(fits ? fits : check_algorithm(algo, kBackwardDataAlgorithms, call), bytes, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(void* handle, void* x_desc, void* dy_desc, void* conv_desc, void* dw_desc, int algo, size_t* bytes)
{
    const char* call = "cudnnGetConvolutionBackwardFilterWorkspaceSize";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    cudnnStatus_t fits = geometry(x_desc, dw_desc, conv_desc, dy_desc, call, g);
    return no_workspace(fits ? fits : check_algorithm(algo, kBackwardFilterAlgorithms, call), bytes, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnGetConvolutionForwardAlgorithm_v7(void* handle, void* x_desc, void* w_desc, void* conv_desc, void* y_desc,
                                                                    int requested, int* returned, void* results)
{
    const char* call = "cudnnGetConvolutionForwardAlgorithm_v7";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (cudnnStatus_t s = geometry(x_desc, w_desc, conv_desc, y_desc, call, g)) return s;
    return report(Routine::Forward, kForwardAlgorithms, requested, returned, results, g.convolution, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnGetConvolutionBackwardDataAlgorithm_v7(void* handle, void* w_desc, void* dy_desc, void* conv_desc, void* dx_desc,
                                                                         int requested, int* returned, void* results)
{
    const char* call = "cudnnGetConvolutionBackwardDataAlgorithm_v7";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (cudnnStatus_t s = geometry(dx_desc, w_desc, conv_desc, dy_desc, call, g)) return s;
    return report(Routine::BackwardData, kBackwardDataAlgorithms, requested, returned, results, g.convolution, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnGetConvolutionBackwardFilterAlgorithm_v7(void* handle, void* x_desc, void* dy_desc, void* conv_desc, void* dw_desc,
                                                                           int requested, int* returned, void* results)
{
    const char* call = "cudnnGetConvolutionBackwardFilterAlgorithm_v7";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (cudnnStatus_t s = geometry(x_desc, dw_desc, conv_desc, dy_desc, call, g)) return s;
    return report(Routine::BackwardFilter, kBackwardFilterAlgorithms, requested, returned, results, g.convolution, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnFindConvolutionForwardAlgorithmEx(void* handle, void* x_desc, const void* x, void* w_desc, const void* w, void* conv_desc,
                                                                    void* y_desc, void* y, int requested, int* returned, void* results, void*, size_t)
{
    const char* call = "cudnnFindConvolutionForwardAlgorithmEx";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (cudnnStatus_t s = geometry(x_desc, w_desc, conv_desc, y_desc, call, g)) return s;
    return find({Routine::Forward, g, static_cast<const float*>(x), static_cast<const float*>(w), nullptr, static_cast<float*>(y), 0, 0},
                kForwardAlgorithms, requested, returned, results, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnFindConvolutionBackwardDataAlgorithmEx(void* handle, void* w_desc, const void* w, void* dy_desc, const void* dy, void* conv_desc,
                                                                         void* dx_desc, void* dx, int requested, int* returned, void* results, void*, size_t)
{
    const char* call = "cudnnFindConvolutionBackwardDataAlgorithmEx";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (cudnnStatus_t s = geometry(dx_desc, w_desc, conv_desc, dy_desc, call, g)) return s;
    return find({Routine::BackwardData, g, nullptr, static_cast<const float*>(w), static_cast<const float*>(dy), static_cast<float*>(dx), 0, 0},
                kBackwardDataAlgorithms, requested, returned, results, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnFindConvolutionBackwardFilterAlgorithmEx(void* handle, void* x_desc, const void* x, void* dy_desc, const void* dy, void* conv_desc,
                                                                           void* dw_desc, void* dw, int requested, int* returned, void* results, void*, size_t)
{
    const char* call = "cudnnFindConvolutionBackwardFilterAlgorithmEx";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (cudnnStatus_t s = geometry(x_desc, dw_desc, conv_desc, dy_desc, call, g)) return s;
    return find({Routine::BackwardFilter, g, static_cast<const float*>(x), nullptr, static_cast<const float*>(dy), static_cast<float*>(dw), 0, 0},
                kBackwardFilterAlgorithms, requested, returned, results, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnFindConvolutionForwardAlgorithm(void* handle, void* x_desc, void* w_desc, void* conv_desc, void* y_desc,
                                                                  int requested, int* returned, void* results)
{
    const char* call = "cudnnFindConvolutionForwardAlgorithm";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (cudnnStatus_t s = geometry(x_desc, w_desc, conv_desc, y_desc, call, g)) return s;
    return find_on_own_buffers({Routine::Forward, g, nullptr, nullptr, nullptr, nullptr, 0, 0}, kForwardAlgorithms, requested, returned, results, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnFindConvolutionBackwardDataAlgorithm(void* handle, void* w_desc, void* dy_desc, void* conv_desc, void* dx_desc,
                                                                       int requested, int* returned, void* results)
{
    const char* call = "cudnnFindConvolutionBackwardDataAlgorithm";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (cudnnStatus_t s = geometry(dx_desc, w_desc, conv_desc, dy_desc, call, g)) return s;
    return find_on_own_buffers({Routine::BackwardData, g, nullptr, nullptr, nullptr, nullptr, 0, 0}, kBackwardDataAlgorithms, requested, returned, results, call);
}

STANDIN_EXPORT cudnnStatus_t cudnnFindConvolutionBackwardFilterAlgorithm(void* handle, void* x_desc, void* dy_desc, void* conv_desc, void* dw_desc,
                                                                         int requested, int* returned, void* results)
{
    const char* call = "cudnnFindConvolutionBackwardFilterAlgorithm";
    Geometry g;
    if (!find_handle(handle)) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live handle");
    if (cudnnStatus_t s = geometry(x_desc, dw_desc, conv_desc, dy_desc, call, g)) return s;
    return find_on_own_buffers({Routine::BackwardFilter, g, nullptr, nullptr, nullptr, nullptr, 0, 0}, kBackwardFilterAlgorithms, requested, returned, results, call);
}
