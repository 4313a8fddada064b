// cublas.cpp: the stand-in cuBLAS (libcublas.so.12): handles and SGEMM, column-major as cublas_api.h documents,
// C = alpha op(A) op(B) + beta C with op N, T or C (C is T for real matrices), leading dimensions honoured, and C
// never read when beta is 0. Products are summed in double and rounded to float once. The work goes on the
// handle's stream through the stand-in driver, so a capture records it with alpha and beta as they were (host
// pointer mode) and the matrices' addresses, which must lie in live device allocations when it runs.
#include <cstdint>
#include <mutex>
#include <set>
#include "library_version.h"
#include "standin_runtime.h"

#define STANDIN_EXPORT extern "C" __attribute__((visibility("default")))

extern "C" size_t cublasLtGetVersion();  // from libcublasLt.so.12, which libcublas needs beside it

namespace
{
// cublasStatus_t (cublas_api.h).
enum cublasStatus_t : int
{
    CUBLAS_STATUS_SUCCESS = 0,
    CUBLAS_STATUS_NOT_INITIALIZED = 1,
    CUBLAS_STATUS_ALLOC_FAILED = 3,
    CUBLAS_STATUS_INVALID_VALUE = 7,
    CUBLAS_STATUS_ARCH_MISMATCH = 8,
    CUBLAS_STATUS_MAPPING_ERROR = 11,
    CUBLAS_STATUS_EXECUTION_FAILED = 13,
    CUBLAS_STATUS_INTERNAL_ERROR = 14,
    CUBLAS_STATUS_NOT_SUPPORTED = 15,
    CUBLAS_STATUS_LICENSE_ERROR = 16,
};

struct StatusText
{
    int status;
    const char* name;
    const char* description;
};

constexpr StatusText kStatuses[] = {
    {0, "CUBLAS_STATUS_SUCCESS", "the operation completed successfully"},
    {1, "CUBLAS_STATUS_NOT_INITIALIZED", "the library was not initialized"},
    {3, "CUBLAS_STATUS_ALLOC_FAILED", "the resource allocation failed"},
    {7, "CUBLAS_STATUS_INVALID_VALUE", "an invalid numeric value was used as an argument"},
    {8, "CUBLAS_STATUS_ARCH_MISMATCH", "an absent device architectural feature is required"},
    {11, "CUBLAS_STATUS_MAPPING_ERROR", "an access to GPU memory space failed"},
    {13, "CUBLAS_STATUS_EXECUTION_FAILED", "the GPU program failed to execute"},
    {14, "CUBLAS_STATUS_INTERNAL_ERROR", "an internal operation failed"},
    {15, "CUBLAS_STATUS_NOT_SUPPORTED", "the functionality requested is not supported"},
    {16, "CUBLAS_STATUS_LICENSE_ERROR", "the functionality requested requires some license and an error was detected when trying to check the current licensing"},
};

enum Operation : int { kOpN = 0, kOpT = 1, kOpC = 2 };
enum PointerMode : int { kPointerHost = 0, kPointerDevice = 1 };

struct Handle
{
    CUstream stream = nullptr;
    int math_mode = 0;
    int pointer_mode = kPointerHost;
};

std::mutex g_lock;
std::set<Handle*> g_handles;

Handle* find_handle(void* handle)
{
    std::lock_guard guard(g_lock);
    auto* found = static_cast<Handle*>(handle);
    return g_handles.count(found) ? found : nullptr;
}

// One matrix operand: where it starts, its leading dimension, and whether it is read transposed.
struct Operand
{
    const float* data;
    int64_t leading;
    bool transposed;
    float at(int64_t row, int64_t column) const { return transposed ? data[column + row * leading] : data[row + column * leading]; }
};

// Floats spanned by a column-major rows x columns matrix with leading dimension ld.
size_t extent(int64_t rows, int64_t columns, int64_t ld) { return rows == 0 || columns == 0 ? 0 : size_t(rows + (columns - 1) * ld); }

bool live(const void* p, size_t floats) { return floats == 0 || dcganStandinRangeIsLive(p, floats * sizeof(float)); }

// The whole strided-batched product, every batch; the single SGEMM is a batch of one.
struct Gemm
{
    int m, n, k;
    Operand a, b;
    float* c;
    int64_t ldc, stride_a, stride_b, stride_c;
    int batches;
    // Host pointer mode: the values; device mode: where to read them when the work runs.
    float alpha, beta;
    const float *alpha_on_device, *beta_on_device;

    bool operands_live() const
    {
        int64_t a_rows = a.transposed ? k : m, a_columns = a.transposed ? m : k;
        int64_t b_rows = b.transposed ? n : k, b_columns = b.transposed ? k : n;
        for (int batch = 0; batch < batches; batch++)
        {
            if (k > 0 && !live(a.data + batch * stride_a, extent(a_rows, a_columns, a.leading))) return false;
            if (k > 0 && !live(b.data + batch * stride_b, extent(b_rows, b_columns, b.leading))) return false;
            if (!live(c + batch * stride_c, extent(m, n, ldc))) return false;
        }
        return (!alpha_on_device || live(alpha_on_device, 1)) && (!beta_on_device || live(beta_on_device, 1));
    }

    CUresult operator()() const
    {
        if (!operands_live()) return STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS;
        const double scale = alpha_on_device ? *alpha_on_device : alpha, keep = beta_on_device ? *beta_on_device : beta;
        for (int batch = 0; batch < batches; batch++)
        {
            Operand batch_a{a.data + batch * stride_a, a.leading, a.transposed}, batch_b{b.data + batch * stride_b, b.leading, b.transposed};
            float* batch_c = c + batch * stride_c;
            for (int64_t column = 0; column < n; column++)
                for (int64_t row = 0; row < m; row++)
                {
                    double sum = 0;
                    if (scale != 0)
                        for (int64_t i = 0; i < k; i++) sum += double(batch_a.at(row, i)) * double(batch_b.at(i, column));
                    float& out = batch_c[row + column * ldc];
                    double result = scale * sum;
                    if (keep != 0) result += keep * double(out);  // beta == 0: C is not read (it may hold NaN)
                    out = float(result);
                }
        }
        return STANDIN_CUDA_SUCCESS;
    }
};

cublasStatus_t sgemm(void* handle_pointer, int transa, int transb, int m, int n, int k, const float* alpha, const float* a, int lda,
                     long long stride_a, const float* b, int ldb, long long stride_b, const float* beta, float* c, int ldc,
                     long long stride_c, int batches)
{
    Handle* handle = find_handle(handle_pointer);
    if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (transa < kOpN || transa > kOpC || transb < kOpN || transb > kOpC || m < 0 || n < 0 || k < 0 || batches < 0) return CUBLAS_STATUS_INVALID_VALUE;
    const bool ta = transa != kOpN, tb = transb != kOpN;
    auto at_least = [](int ld, int rows) { return ld >= (rows > 1 ? rows : 1); };
    if (!at_least(lda, ta ? k : m) || !at_least(ldb, tb ? n : k) || !at_least(ldc, m)) return CUBLAS_STATUS_INVALID_VALUE;
    if (!alpha || !beta) return CUBLAS_STATUS_INVALID_VALUE;
    if (m == 0 || n == 0 || batches == 0) return CUBLAS_STATUS_SUCCESS;
    const bool device_scalars = handle->pointer_mode == kPointerDevice;
    Gemm gemm{m, n, k, {a, lda, ta}, {b, ldb, tb}, c, ldc, stride_a, stride_b, stride_c, batches,
              device_scalars ? 0.0f : *alpha, device_scalars ? 0.0f : *beta, device_scalars ? alpha : nullptr, device_scalars ? beta : nullptr};
    if (!gemm.operands_live()) return CUBLAS_STATUS_EXECUTION_FAILED;
    CUresult result = standin::enqueue(handle->stream, "cublasSgemm", gemm);
    if (result == STANDIN_CUDA_SUCCESS) return CUBLAS_STATUS_SUCCESS;
    return result == STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS ? CUBLAS_STATUS_EXECUTION_FAILED : CUBLAS_STATUS_INTERNAL_ERROR;
}
}

STANDIN_EXPORT const char* cublasGetStatusName(int status)
{
    for (const auto& known : kStatuses)
        if (known.status == status) return known.name;
    return "CUBLAS_STATUS_UNKNOWN";
}

STANDIN_EXPORT const char* cublasGetStatusString(int status)
{
    for (const auto& known : kStatuses)
        if (known.status == status) return known.description;
    return "unknown error";
}

// libraryPropertyType: MAJOR_VERSION 0, MINOR_VERSION 1, PATCH_LEVEL 2.
STANDIN_EXPORT cublasStatus_t cublasGetProperty(int type, int* value)
{
    if (!value) return CUBLAS_STATUS_INVALID_VALUE;
    switch (type)
    {
        case 0: *value = standin::kCublasMajor; return CUBLAS_STATUS_SUCCESS;
        case 1: *value = standin::kCublasMinor; return CUBLAS_STATUS_SUCCESS;
        case 2: *value = standin::kCublasPatch; return CUBLAS_STATUS_SUCCESS;
        default: return CUBLAS_STATUS_INVALID_VALUE;
    }
}

STANDIN_EXPORT cublasStatus_t cublasCreate_v2(void** handle)
{
    if (!handle) return CUBLAS_STATUS_INVALID_VALUE;
    if (cublasLtGetVersion() / 10000 != standin::kCublasMajor) return CUBLAS_STATUS_NOT_INITIALIZED;  // a cuBLASLt of another release
    auto* made = new Handle();
    std::lock_guard guard(g_lock);
    g_handles.insert(made);
    *handle = made;
    return CUBLAS_STATUS_SUCCESS;
}

STANDIN_EXPORT cublasStatus_t cublasDestroy_v2(void* handle)
{
    std::lock_guard guard(g_lock);
    auto* found = static_cast<Handle*>(handle);
    if (!g_handles.erase(found)) return CUBLAS_STATUS_NOT_INITIALIZED;
    delete found;
    return CUBLAS_STATUS_SUCCESS;
}

STANDIN_EXPORT cublasStatus_t cublasGetVersion_v2(void* handle, int* version)
{
    if (!find_handle(handle)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!version) return CUBLAS_STATUS_INVALID_VALUE;
    *version = standin::kCublasMajor * 10000 + standin::kCublasMinor * 100 + standin::kCublasPatch;
    return CUBLAS_STATUS_SUCCESS;
}

STANDIN_EXPORT cublasStatus_t cublasSetStream_v2(void* handle, CUstream stream)
{
    Handle* found = find_handle(handle);
    if (!found) return CUBLAS_STATUS_NOT_INITIALIZED;
    found->stream = stream;
    return CUBLAS_STATUS_SUCCESS;
}

// cublasMath_t: DEFAULT 0, TENSOR_OP 1 (deprecated), PEDANTIC 2, TF32_TENSOR_OP 3, optionally with
// CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION (16). The stand-in computes in FP32 or better whatever the mode.
STANDIN_EXPORT cublasStatus_t cublasSetMathMode(void* handle, int mode)
{
    Handle* found = find_handle(handle);
    if (!found) return CUBLAS_STATUS_NOT_INITIALIZED;
    if ((mode & ~16) < 0 || (mode & ~16) > 3) return CUBLAS_STATUS_INVALID_VALUE;
    found->math_mode = mode;
    return CUBLAS_STATUS_SUCCESS;
}

STANDIN_EXPORT cublasStatus_t cublasSetPointerMode_v2(void* handle, int mode)
{
    Handle* found = find_handle(handle);
    if (!found) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (mode != kPointerHost && mode != kPointerDevice) return CUBLAS_STATUS_INVALID_VALUE;
    found->pointer_mode = mode;
    return CUBLAS_STATUS_SUCCESS;
}

// The workspace must be device memory aligned to 256 bytes (cuBLAS's documented requirement); the stand-in needs none.
STANDIN_EXPORT cublasStatus_t cublasSetWorkspace_v2(void* handle, void* workspace, size_t bytes)
{
    if (!find_handle(handle)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (bytes > 0 && (!workspace || reinterpret_cast<uintptr_t>(workspace) % 256 != 0 || !dcganStandinRangeIsLive(workspace, bytes)))
        return CUBLAS_STATUS_INVALID_VALUE;
    return CUBLAS_STATUS_SUCCESS;
}

STANDIN_EXPORT cublasStatus_t cublasSgemm_v2(void* handle, int transa, int transb, int m, int n, int k, const float* alpha, const float* a,
                                             int lda, const float* b, int ldb, const float* beta, float* c, int ldc)
{
    return sgemm(handle, transa, transb, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);
}

STANDIN_EXPORT cublasStatus_t cublasSgemmStridedBatched(void* handle, int transa, int transb, int m, int n, int k, const float* alpha,
                                                        const float* a, int lda, long long stride_a, const float* b, int ldb,
                                                        long long stride_b, const float* beta, float* c, int ldc, long long stride_c,
                                                        int batch_count)
{
    return sgemm(handle, transa, transb, m, n, k, alpha, a, lda, stride_a, b, ldb, stride_b, beta, c, ldc, stride_c, batch_count);
}
