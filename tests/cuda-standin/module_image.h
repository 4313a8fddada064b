// module_image.h: the stand-in's "CUBIN", written by its NVRTC and read by its driver's cuModuleLoadData.
// cuModuleLoadData gets a bare pointer, so the image says its own size: a fixed header, then the bytes of a shared
// object compiled by g++ from the program under kernel_shim.h. The shared object describes its own kernels
// (names, C parameter lists, which parameters are pointers, each argument's size) in a table the driver reads.
#pragma once
#include <cstdint>
#include <cstring>

namespace standin
{
constexpr char kModuleMagic[16] = "DCGAN-STANDIN-1";

struct ModuleImageHeader
{
    char magic[16];
    uint64_t object_bytes;  // the shared object that follows the header
};

inline bool is_module_image(const void* image)
{
    return std::memcmp(static_cast<const ModuleImageHeader*>(image)->magic, kModuleMagic, sizeof kModuleMagic) == 0;
}

// Grid and block sizes of one launch, as the kernel's wrapper takes them.
struct LaunchShape
{
    unsigned grid_x, grid_y, grid_z, block_x, block_y, block_z;
};

// One extern "C" __global__ function of a module, as the compiled shared object lists it.
struct KernelEntry
{
    const char* name;
    const char* parameter_list;         // the C text, e.g. "float* data, float factor, int count"
    int parameter_count;
    const unsigned* argument_bytes;     // sizeof each parameter's type
    const unsigned char* is_pointer;    // 1 where the parameter is a pointer (checked against live allocations)
    void (*launch)(const LaunchShape* shape, void** arguments);
};

// The table's symbols in each compiled module.
constexpr const char* kKernelTableSymbol = "dcgan_standin_kernels";
constexpr const char* kKernelCountSymbol = "dcgan_standin_kernel_count";
}
