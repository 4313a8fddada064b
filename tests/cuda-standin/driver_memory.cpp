// driver_memory.cpp: device memory that is host memory. A CUdeviceptr is the host address of a block from the
// registry of live allocations; copies, memsets and launches are checked against that registry, so an address no
// allocation holds (freed, never allocated, or past an allocation's end) is refused instead of dereferenced.
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include "driver_internal.h"

namespace
{
constexpr size_t kTotalDeviceBytes = size_t{16} << 30;  // what the stand-in device claims to have
constexpr size_t kAlignment = 256;                      // cuMemAlloc's documented alignment

struct Allocation
{
    size_t bytes;
    standin::MemoryKind kind;
};

std::mutex g_lock;
std::map<uint64_t, Allocation> g_live;  // start address -> allocation
size_t g_device_bytes_live = 0;

// The allocation holding [address, address + bytes), or null. Caller holds g_lock.
const Allocation* holding(uint64_t address, size_t bytes)
{
    auto after = g_live.upper_bound(address);
    if (after == g_live.begin()) return nullptr;
    auto found = std::prev(after);
    uint64_t start = found->first, end = start + found->second.bytes;
    if (address < start || address >= end || bytes > end - address) return nullptr;
    return &found->second;
}

CUresult allocate(void** pointer, size_t bytes, standin::MemoryKind kind)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (!pointer || bytes == 0) return CUDA_ERROR_INVALID_VALUE;
    std::lock_guard guard(g_lock);
    if (kind == standin::MemoryKind::Device && bytes > kTotalDeviceBytes - g_device_bytes_live) return CUDA_ERROR_OUT_OF_MEMORY;
    size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    void* block = std::aligned_alloc(kAlignment, rounded);
    if (!block) return CUDA_ERROR_OUT_OF_MEMORY;
    g_live[reinterpret_cast<uint64_t>(block)] = Allocation{bytes, kind};
    if (kind == standin::MemoryKind::Device) g_device_bytes_live += bytes;
    *pointer = block;
    return CUDA_SUCCESS;
}

// Frees an allocation that starts at address and is of the given kind; anything else is CUDA_ERROR_INVALID_VALUE.
CUresult release(uint64_t address, standin::MemoryKind kind)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    std::lock_guard guard(g_lock);
    auto found = g_live.find(address);
    if (found == g_live.end() || found->second.kind != kind) return CUDA_ERROR_INVALID_VALUE;
    if (kind == standin::MemoryKind::Device) g_device_bytes_live -= found->second.bytes;
    g_live.erase(found);
    std::free(reinterpret_cast<void*>(address));
    return CUDA_SUCCESS;
}

// An asynchronous operation on a stream, its device ranges checked when it runs (at the call, or at each replay).
CUresult copy_operation(CUstream stream, const char* what, void* destination, const void* source, size_t bytes,
                        bool destination_on_device, bool source_on_device)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (bytes == 0) return CUDA_SUCCESS;
    if (!destination || !source) return CUDA_ERROR_INVALID_VALUE;
    return standin::submit(stream, {what, [=]() -> CUresult {
        if (destination_on_device && !standin::range_is_live(reinterpret_cast<uint64_t>(destination), bytes)) return CUDA_ERROR_INVALID_VALUE;
        if (source_on_device && !standin::range_is_live(reinterpret_cast<uint64_t>(source), bytes)) return CUDA_ERROR_INVALID_VALUE;
        std::memmove(destination, source, bytes);
        return CUDA_SUCCESS;
    }});
}
}

bool standin::range_is_live(uint64_t address, size_t bytes)
{
    std::lock_guard guard(g_lock);
    return holding(address, bytes) != nullptr;
}

STANDIN_EXPORT int dcganStandinRangeIsLive(const void* address, size_t bytes)
{
    return standin::range_is_live(reinterpret_cast<uint64_t>(address), bytes) ? 1 : 0;
}

STANDIN_EXPORT CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice device)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
    if (!bytes) return CUDA_ERROR_INVALID_VALUE;
    *bytes = kTotalDeviceBytes;
    return CUDA_SUCCESS;
}

// Free memory is the total less the bytes of live device allocations.
STANDIN_EXPORT CUresult cuMemGetInfo_v2(size_t* free, size_t* total)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (!free || !total) return CUDA_ERROR_INVALID_VALUE;
    std::lock_guard guard(g_lock);
    *free = kTotalDeviceBytes - g_device_bytes_live;
    *total = kTotalDeviceBytes;
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr* pointer, size_t bytes)
{
    if (CUresult refused = standin::refuse_if_capturing("cuMemAlloc_v2")) return refused;
    return allocate(reinterpret_cast<void**>(pointer), bytes, standin::MemoryKind::Device);
}

STANDIN_EXPORT CUresult cuMemFree_v2(CUdeviceptr pointer)
{
    if (CUresult refused = standin::refuse_if_capturing("cuMemFree_v2")) return refused;
    return release(pointer, standin::MemoryKind::Device);
}

STANDIN_EXPORT CUresult cuMemAllocHost_v2(void** pointer, size_t bytes)
{
    if (CUresult refused = standin::refuse_if_capturing("cuMemAllocHost_v2")) return refused;
    return allocate(pointer, bytes, standin::MemoryKind::PinnedHost);
}

STANDIN_EXPORT CUresult cuMemFreeHost(void* pointer)
{
    if (CUresult refused = standin::refuse_if_capturing("cuMemFreeHost")) return refused;
    return release(reinterpret_cast<uint64_t>(pointer), standin::MemoryKind::PinnedHost);
}

// The synchronous copies run on the legacy stream, which a capture in global or thread-local mode forbids.
STANDIN_EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr destination, const void* source, size_t bytes)
{
    if (CUresult refused = standin::refuse_if_capturing("cuMemcpyHtoD_v2")) return refused;
    return copy_operation(nullptr, "cuMemcpyHtoD_v2", reinterpret_cast<void*>(destination), source, bytes, true, false);
}

STANDIN_EXPORT CUresult cuMemcpyDtoH_v2(void* destination, CUdeviceptr source, size_t bytes)
{
    if (CUresult refused = standin::refuse_if_capturing("cuMemcpyDtoH_v2")) return refused;
    return copy_operation(nullptr, "cuMemcpyDtoH_v2", destination, reinterpret_cast<const void*>(source), bytes, false, true);
}

STANDIN_EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr destination, const void* source, size_t bytes, CUstream stream)
{
    return copy_operation(stream, "cuMemcpyHtoDAsync_v2", reinterpret_cast<void*>(destination), source, bytes, true, false);
}

STANDIN_EXPORT CUresult cuMemcpyDtoHAsync_v2(void* destination, CUdeviceptr source, size_t bytes, CUstream stream)
{
    return copy_operation(stream, "cuMemcpyDtoHAsync_v2", destination, reinterpret_cast<const void*>(source), bytes, false, true);
}

STANDIN_EXPORT CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr destination, CUdeviceptr source, size_t bytes, CUstream stream)
{
    return copy_operation(stream, "cuMemcpyDtoDAsync_v2", reinterpret_cast<void*>(destination), reinterpret_cast<const void*>(source), bytes, true, true);
}

// Sets count 32-bit words; the destination must be 4-byte aligned, as cuda.h requires.
STANDIN_EXPORT CUresult cuMemsetD32Async(CUdeviceptr destination, unsigned int value, size_t count, CUstream stream)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (destination % 4 != 0) return CUDA_ERROR_INVALID_VALUE;
    if (count == 0) return CUDA_SUCCESS;
    return standin::submit(stream, {"cuMemsetD32Async", [=]() -> CUresult {
        if (!standin::range_is_live(destination, count * 4)) return CUDA_ERROR_INVALID_VALUE;
        auto* words = reinterpret_cast<uint32_t*>(destination);
        for (size_t i = 0; i < count; i++) words[i] = value;
        return CUDA_SUCCESS;
    }});
}
