// cudnn_core.cpp: the stand-in cuDNN's versions, status texts, handles and descriptors. Tensors and filters are
// 4-d float NCHW (other types and layouts are refused as not supported); convolutions 2-d.
#include <map>
#include <mutex>
#include <set>
#include "cudnn_internal.h"
#include "library_version.h"

using namespace standin::cudnn;

namespace
{
struct StatusText
{
    int status;
    const char* name;
};

constexpr StatusText kStatuses[] = {
    {0, "CUDNN_STATUS_SUCCESS"},
    {1001, "CUDNN_STATUS_NOT_INITIALIZED"},
    {2000, "CUDNN_STATUS_BAD_PARAM"},
    {2002, "CUDNN_STATUS_BAD_PARAM_NULL_POINTER"},
    {2008, "CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH"},
    {3000, "CUDNN_STATUS_NOT_SUPPORTED"},
    {3003, "CUDNN_STATUS_NOT_SUPPORTED_DATA_TYPE"},
    {3004, "CUDNN_STATUS_NOT_SUPPORTED_LAYOUT"},
    {4000, "CUDNN_STATUS_INTERNAL_ERROR"},
    {5000, "CUDNN_STATUS_EXECUTION_FAILED"},
    {5001, "CUDNN_STATUS_EXECUTION_FAILED_CUDA_DRIVER"},
};

std::mutex g_lock;
std::set<Handle*> g_handles;
std::set<Shape4*> g_tensors, g_filters;
std::set<Convolution*> g_convolutions;
thread_local std::string t_last_error;

template <typename T>
cudnnStatus_t create(std::set<T*>& live, void** out)
{
    if (!out) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
    auto* made = new T();
    std::lock_guard guard(g_lock);
    live.insert(made);
    *out = made;
    return CUDNN_STATUS_SUCCESS;
}

template <typename T>
cudnnStatus_t destroy(std::set<T*>& live, void* descriptor)
{
    std::lock_guard guard(g_lock);
    auto* found = static_cast<T*>(descriptor);
    if (!live.erase(found)) return CUDNN_STATUS_BAD_PARAM;
    delete found;
    return CUDNN_STATUS_SUCCESS;
}

template <typename T>
T* find(std::set<T*>& live, void* descriptor)
{
    std::lock_guard guard(g_lock);
    auto* found = static_cast<T*>(descriptor);
    return live.count(found) ? found : nullptr;
}

cudnnStatus_t set_shape(Shape4* shape, int format, int data_type, int n, int c, int h, int w, const char* call)
{
    if (!shape) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": not a live descriptor");
    if (data_type != kDataFloat) return fail(CUDNN_STATUS_NOT_SUPPORTED_DATA_TYPE, std::string(call) + ": the stand-in has float tensors only");
    if (format != kFormatNchw) return fail(CUDNN_STATUS_NOT_SUPPORTED_LAYOUT, std::string(call) + ": the stand-in has NCHW only");
    if (n <= 0 || c <= 0 || h <= 0 || w <= 0) return fail(CUDNN_STATUS_BAD_PARAM, std::string(call) + ": every dimension must be positive");
    *shape = Shape4{n, c, h, w, true};
    return CUDNN_STATUS_SUCCESS;
}
}

Handle* standin::cudnn::find_handle(void* handle) { return find(g_handles, handle); }
const Shape4* standin::cudnn::find_tensor(void* descriptor)
{
    Shape4* shape = find(g_tensors, descriptor);
    return shape && shape->set ? shape : nullptr;
}
const Shape4* standin::cudnn::find_filter(void* descriptor)
{
    Shape4* shape = find(g_filters, descriptor);
    return shape && shape->set ? shape : nullptr;
}
const Convolution* standin::cudnn::find_convolution(void* descriptor)
{
    Convolution* convolution = find(g_convolutions, descriptor);
    return convolution && convolution->set ? convolution : nullptr;
}

cudnnStatus_t standin::cudnn::fail(cudnnStatus_t status, const std::string& message)
{
    t_last_error = message;
    return status;
}

bool standin::cudnn::device_floats(const void* p, int64_t count)
{
    return p && dcganStandinRangeIsLive(p, size_t(count) * sizeof(float));
}

STANDIN_EXPORT size_t cudnnGetVersion() { return standin::kCudnnVersion; }
STANDIN_EXPORT size_t cudnnGetCudartVersion() { return standin::kCudartVersion; }

STANDIN_EXPORT const char* cudnnGetErrorString(int status)
{
    for (const auto& known : kStatuses)
        if (known.status == status) return known.name;
    return "CUDNN_UNKNOWN_STATUS_FOUND";
}

// The latest failure's message on this thread, then cleared (cuDNN 9's documented behaviour).
STANDIN_EXPORT void cudnnGetLastErrorString(char* message, size_t max_size)
{
    if (!message || max_size == 0) return;
    size_t length = t_last_error.size() < max_size - 1 ? t_last_error.size() : max_size - 1;
    t_last_error.copy(message, length);
    message[length] = 0;
    t_last_error.clear();
}

STANDIN_EXPORT cudnnStatus_t cudnnCreate(void** handle) { return create(g_handles, handle); }
STANDIN_EXPORT cudnnStatus_t cudnnDestroy(void* handle) { return destroy(g_handles, handle); }

STANDIN_EXPORT cudnnStatus_t cudnnSetStream(void* handle, CUstream stream)
{
    Handle* found = find_handle(handle);
    if (!found) return fail(CUDNN_STATUS_BAD_PARAM, "cudnnSetStream: not a live handle");
    found->stream = stream;
    return CUDNN_STATUS_SUCCESS;
}

STANDIN_EXPORT cudnnStatus_t cudnnCreateTensorDescriptor(void** descriptor) { return create(g_tensors, descriptor); }
STANDIN_EXPORT cudnnStatus_t cudnnDestroyTensorDescriptor(void* descriptor) { return destroy(g_tensors, descriptor); }
STANDIN_EXPORT cudnnStatus_t cudnnSetTensor4dDescriptor(void* descriptor, int format, int data_type, int n, int c, int h, int w)
{
    return set_shape(find(g_tensors, descriptor), format, data_type, n, c, h, w, "cudnnSetTensor4dDescriptor");
}

STANDIN_EXPORT cudnnStatus_t cudnnCreateFilterDescriptor(void** descriptor) { return create(g_filters, descriptor); }
STANDIN_EXPORT cudnnStatus_t cudnnDestroyFilterDescriptor(void* descriptor) { return destroy(g_filters, descriptor); }
STANDIN_EXPORT cudnnStatus_t cudnnSetFilter4dDescriptor(void* descriptor, int data_type, int format, int k, int c, int h, int w)
{
    return set_shape(find(g_filters, descriptor), format, data_type, k, c, h, w, "cudnnSetFilter4dDescriptor");
}

STANDIN_EXPORT cudnnStatus_t cudnnCreateConvolutionDescriptor(void** descriptor) { return create(g_convolutions, descriptor); }
STANDIN_EXPORT cudnnStatus_t cudnnDestroyConvolutionDescriptor(void* descriptor) { return destroy(g_convolutions, descriptor); }

STANDIN_EXPORT cudnnStatus_t cudnnSetConvolution2dDescriptor(void* descriptor, int pad_h, int pad_w, int stride_h, int stride_w,
                                                             int dilation_h, int dilation_w, int mode, int compute_type)
{
    Convolution* convolution = find(g_convolutions, descriptor);
    if (!convolution) return fail(CUDNN_STATUS_BAD_PARAM, "cudnnSetConvolution2dDescriptor: not a live descriptor");
    if (pad_h < 0 || pad_w < 0 || stride_h <= 0 || stride_w <= 0 || dilation_h <= 0 || dilation_w <= 0)
        return fail(CUDNN_STATUS_BAD_PARAM, "cudnnSetConvolution2dDescriptor: padding must be >= 0, stride and dilation > 0");
    if (mode != kConvolution && mode != kCrossCorrelation) return fail(CUDNN_STATUS_BAD_PARAM, "cudnnSetConvolution2dDescriptor: unknown mode");
    if (compute_type != kDataFloat) return fail(CUDNN_STATUS_NOT_SUPPORTED_DATA_TYPE, "cudnnSetConvolution2dDescriptor: float compute only");
    int math_type = convolution->math_type;
    *convolution = Convolution{pad_h, pad_w, stride_h, stride_w, dilation_h, dilation_w, mode, math_type, true};
    return CUDNN_STATUS_SUCCESS;
}

// cudnnMathType_t: DEFAULT 0, TENSOR_OP 1, TENSOR_OP_ALLOW_CONVERSION 2, FMA 3. The stand-in computes in double
// whatever the type; it is kept to be reported in the algorithm searches' results.
STANDIN_EXPORT cudnnStatus_t cudnnSetConvolutionMathType(void* descriptor, int math_type)
{
    Convolution* convolution = find(g_convolutions, descriptor);
    if (!convolution) return fail(CUDNN_STATUS_BAD_PARAM, "cudnnSetConvolutionMathType: not a live descriptor");
    if (math_type < 0 || math_type > 3) return fail(CUDNN_STATUS_BAD_PARAM, "cudnnSetConvolutionMathType: unknown math type");
    convolution->math_type = math_type;
    return CUDNN_STATUS_SUCCESS;
}
