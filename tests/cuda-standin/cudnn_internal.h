// cudnn_internal.h: the stand-in cuDNN's descriptors, statuses and helpers, shared by its files.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include "standin_runtime.h"

#define STANDIN_EXPORT extern "C" __attribute__((visibility("default")))

// cudnnStatus_t (cudnn_graph.h), those the stand-in returns.
enum cudnnStatus_t : int
{
    CUDNN_STATUS_SUCCESS = 0,
    CUDNN_STATUS_NOT_INITIALIZED = 1001,
    CUDNN_STATUS_BAD_PARAM = 2000,
    CUDNN_STATUS_BAD_PARAM_NULL_POINTER = 2002,
    CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH = 2008,
    CUDNN_STATUS_NOT_SUPPORTED = 3000,
    CUDNN_STATUS_NOT_SUPPORTED_DATA_TYPE = 3003,
    CUDNN_STATUS_NOT_SUPPORTED_LAYOUT = 3004,
    CUDNN_STATUS_INTERNAL_ERROR = 4000,
    CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED = 4004,
    CUDNN_STATUS_EXECUTION_FAILED = 5000,
    CUDNN_STATUS_EXECUTION_FAILED_CUDA_DRIVER = 5001,
};

extern "C" cudnnStatus_t cudnnSetTensor4dDescriptor(void* descriptor, int format, int data_type, int n, int c, int h, int w);

namespace standin::cudnn
{
enum : int { kDataFloat = 0, kFormatNchw = 0, kConvolution = 0, kCrossCorrelation = 1 };

struct Handle
{
    CUstream stream = nullptr;
};

// A 4-d float NCHW tensor (or filter: K, C, R, S in the same four fields).
struct Shape4
{
    int n = 0, c = 0, h = 0, w = 0;
    bool set = false;
    int64_t count() const { return int64_t(n) * c * h * w; }
    bool operator==(const Shape4& o) const { return n == o.n && c == o.c && h == o.h && w == o.w; }
};

struct Convolution
{
    int pad_h = 0, pad_w = 0, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
    int mode = kCrossCorrelation;
    int math_type = 0;
    bool set = false;
};

// Looks a handle or descriptor up among the live ones; null for anything else.
Handle* find_handle(void* handle);
const Shape4* find_tensor(void* descriptor);
const Shape4* find_filter(void* descriptor);
const Convolution* find_convolution(void* descriptor);

// Records the message cudnnGetLastErrorString reports on this thread, and returns the status.
cudnnStatus_t fail(cudnnStatus_t status, const std::string& message);

// Whether the floats [p, p + count) lie in live device memory.
bool device_floats(const void* p, int64_t count);

// Runs work on the handle's stream (recorded while it is captured); a failure while it runs is EXECUTION_FAILED.
template <typename Work>
cudnnStatus_t submit(Handle& handle, const char* what, Work work)
{
    CUresult result = standin::enqueue(handle.stream, what, std::move(work));
    if (result == STANDIN_CUDA_SUCCESS) return CUDNN_STATUS_SUCCESS;
    return fail(CUDNN_STATUS_EXECUTION_FAILED_CUDA_DRIVER, std::string(what) + ": the work failed on its stream (CUresult " + std::to_string(result) + ")");
}

// out = alpha * value + beta * out, with out not read when beta is 0 (cuDNN's documented blending).
inline void blend(float& out, double value, double alpha, double beta)
{
    double result = alpha * value;
    if (beta != 0) result += beta * double(out);
    out = float(result);
}
}
