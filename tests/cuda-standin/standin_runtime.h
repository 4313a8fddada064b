// standin_runtime.h: what the stand-in driver (libcuda.so.1) offers its sibling libraries (cuBLAS, cuDNN) beyond
// the driver API: putting work on a stream (run now, or recorded into the graph while the stream is capturing) and
// asking whether a device address range lies inside a live allocation. C linkage, so the libraries only share ABI.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

typedef int CUresult;
typedef struct CUstream_st* CUstream;

enum : int
{
    STANDIN_CUDA_SUCCESS = 0,
    STANDIN_CUDA_ERROR_INVALID_VALUE = 1,
    STANDIN_CUDA_ERROR_ILLEGAL_ADDRESS = 700,
};

extern "C"
{
// Runs run(state) in the stream's order: now, or at every replay of the graph being captured from the stream.
// destroy(state) is called when the work can no longer run (after running it uncaptured, or with its graph).
CUresult dcganStandinEnqueue(CUstream stream, const char* what, CUresult (*run)(void* state), void* state, void (*destroy)(void* state));

// 1 when [address, address + bytes) lies inside one live device (or pinned host) allocation, else 0.
int dcganStandinRangeIsLive(const void* address, size_t bytes);
}

namespace standin
{
// Enqueues a C++ callable returning CUresult; the callable (and what it captured by value) lives as long as the work.
template <typename Work>
CUresult enqueue(CUstream stream, const char* what, Work work)
{
    auto* state = new Work(std::move(work));
    return dcganStandinEnqueue(
        stream, what, [](void* s) -> CUresult { return (*static_cast<Work*>(s))(); }, state,
        [](void* s) { delete static_cast<Work*>(s); });
}
}
