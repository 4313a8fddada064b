// driver_internal.h: the stand-in driver's own declarations, shared by its files (not by the other libraries).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include "standin_runtime.h"

#define STANDIN_EXPORT extern "C" __attribute__((visibility("default")))

typedef uint64_t CUdeviceptr;
typedef int CUdevice;
typedef struct CUctx_st* CUcontext;
typedef struct CUmod_st* CUmodule;
typedef struct CUfunc_st* CUfunction;
typedef struct CUgraph_st* CUgraph;
typedef struct CUgraphExec_st* CUgraphExec;

// CUresult values, as cuda.h numbers them (only those the stand-in returns).
enum : CUresult
{
    CUDA_SUCCESS = 0,
    CUDA_ERROR_INVALID_VALUE = 1,
    CUDA_ERROR_OUT_OF_MEMORY = 2,
    CUDA_ERROR_NOT_INITIALIZED = 3,
    CUDA_ERROR_INVALID_DEVICE = 101,
    CUDA_ERROR_INVALID_IMAGE = 200,
    CUDA_ERROR_INVALID_CONTEXT = 201,
    CUDA_ERROR_INVALID_HANDLE = 400,
    CUDA_ERROR_ILLEGAL_STATE = 401,
    CUDA_ERROR_NOT_FOUND = 500,
    CUDA_ERROR_ILLEGAL_ADDRESS = 700,
    CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
    CUDA_ERROR_NOT_SUPPORTED = 801,
    CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED = 900,
    CUDA_ERROR_STREAM_CAPTURE_INVALIDATED = 901,
    CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD = 908,
    CUDA_ERROR_UNKNOWN = 999,
};

namespace standin
{
// Every entry point but cuInit, cuDriverGetVersion and the error texts needs cuInit first.
bool driver_initialized();

// --- memory (driver_memory.cpp) ---
enum class MemoryKind { Device, PinnedHost };
// Whether [address, address + bytes) lies inside one live allocation (device or pinned host memory).
bool range_is_live(uint64_t address, size_t bytes);

// --- streams and capture (driver_streams.cpp) ---
// One piece of work in a stream: a copy, a memset, a launch, a library call. Run returns its CUresult.
struct Operation
{
    std::string what;
    std::function<CUresult()> run;
};

// Runs the operation now, or records it when the stream is capturing. CUDA_ERROR_INVALID_HANDLE for an unknown stream.
CUresult submit(CUstream stream, Operation operation);

// For calls the real driver forbids while a stream is being captured in global or thread-local mode (allocation,
// synchronous copies): CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED, after invalidating the captures it would disturb;
// CUDA_SUCCESS when no capture forbids the call.
CUresult refuse_if_capturing(const char* call);
}
