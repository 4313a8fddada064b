// driver_device.cpp: cuInit, the one device the stand-in has, and its primary context.
#include <atomic>
#include <cstring>
#include <mutex>
#include "driver_internal.h"

namespace
{
std::atomic<bool> g_initialized{false};

constexpr char kDeviceName[] = "dcgan CPU stand-in";
constexpr int kDriverVersion = 12080;  // CUDA 12.8

// CUdevice_attribute values (cuda.h) the stand-in answers, and its answers.
struct Attribute
{
    int attribute;
    int value;
};
constexpr Attribute kAttributes[] = {
    {1, 1024},     // MAX_THREADS_PER_BLOCK
    {2, 1024},     // MAX_BLOCK_DIM_X
    {3, 1024},     // MAX_BLOCK_DIM_Y
    {4, 64},       // MAX_BLOCK_DIM_Z
    {5, 2147483647},  // MAX_GRID_DIM_X
    {6, 65535},    // MAX_GRID_DIM_Y
    {7, 65535},    // MAX_GRID_DIM_Z
    {8, 49152},    // MAX_SHARED_MEMORY_PER_BLOCK
    {10, 32},      // WARP_SIZE
    {16, 8},       // MULTIPROCESSOR_COUNT
    {20, 0},       // COMPUTE_MODE: default
    {75, 9},       // COMPUTE_CAPABILITY_MAJOR
    {76, 0},       // COMPUTE_CAPABILITY_MINOR
    {97, 232448},  // MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
};

// The primary context: one per device, reference-counted by Retain/Release.
struct PrimaryContext
{
    std::mutex lock;
    int references = 0;
} g_primary;

CUcontext primary_handle() { return reinterpret_cast<CUcontext>(&g_primary); }

thread_local CUcontext t_current = nullptr;
}

bool standin::driver_initialized() { return g_initialized.load(); }

STANDIN_EXPORT CUresult cuInit(unsigned int flags)
{
    if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
    g_initialized = true;
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuDriverGetVersion(int* version)
{
    if (!version) return CUDA_ERROR_INVALID_VALUE;
    *version = kDriverVersion;
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuDeviceGetCount(int* count)
{
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (!count) return CUDA_ERROR_INVALID_VALUE;
    *count = 1;
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuDeviceGet(CUdevice* device, int ordinal)
{
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (!device) return CUDA_ERROR_INVALID_VALUE;
    if (ordinal != 0) return CUDA_ERROR_INVALID_DEVICE;
    *device = 0;
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuDeviceGetName(char* name, int length, CUdevice device)
{
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
    if (!name || length <= 0) return CUDA_ERROR_INVALID_VALUE;
    std::strncpy(name, kDeviceName, static_cast<size_t>(length) - 1);
    name[length - 1] = 0;
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice device)
{
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
    if (!value) return CUDA_ERROR_INVALID_VALUE;
    for (const auto& known : kAttributes)
        if (known.attribute == attribute)
        {
            *value = known.value;
            return CUDA_SUCCESS;
        }
    return CUDA_ERROR_INVALID_VALUE;
}

STANDIN_EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext* context, CUdevice device)
{
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
    if (!context) return CUDA_ERROR_INVALID_VALUE;
    std::lock_guard guard(g_primary.lock);
    g_primary.references++;
    *context = primary_handle();
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device)
{
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
    std::lock_guard guard(g_primary.lock);
    if (g_primary.references == 0) return CUDA_ERROR_INVALID_CONTEXT;
    g_primary.references--;
    return CUDA_SUCCESS;
}

// NULL unbinds; otherwise only the (retained) primary context exists.
STANDIN_EXPORT CUresult cuCtxSetCurrent(CUcontext context)
{
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (context && context != primary_handle()) return CUDA_ERROR_INVALID_CONTEXT;
    t_current = context;
    return CUDA_SUCCESS;
}
