// driver_modules.cpp: modules and launches. A module is the stand-in NVRTC's image (module_image.h): its shared
// object is loaded, and its kernel table says each extern "C" kernel's parameters. A launch copies the argument
// values kernelParams points at (so a captured launch replays the values of its capture), refuses pointer
// arguments outside every live allocation, and runs the kernel's grid on CPU threads, one launch at a time.
#include <dlfcn.h>
#include <unistd.h>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include "driver_internal.h"
#include "module_image.h"

namespace
{
struct Module;

struct Function
{
    Module* module;
    const standin::KernelEntry* entry;
};

struct Module
{
    void* library = nullptr;
    std::vector<std::unique_ptr<Function>> functions;
    ~Module()
    {
        if (library) dlclose(library);
    }
};

std::mutex g_lock;
std::map<Module*, std::shared_ptr<Module>> g_modules;
std::map<Function*, std::shared_ptr<Module>> g_functions;  // each function keeps its module alive for launches
std::mutex g_launch_lock;  // kernels' __shared__ statics and barriers belong to one launch at a time

// Writes the shared object to a temporary file and loads it from there (each load is a separate instance).
void* load_shared_object(const unsigned char* bytes, size_t size)
{
    const char* directory = std::getenv("TMPDIR");
    std::string path = std::string(directory && *directory ? directory : "/tmp") + "/dcgan-standin-module-XXXXXX";
    int fd = mkstemp(path.data());
    if (fd < 0) return nullptr;
    size_t written = 0;
    while (written < size)
    {
        ssize_t n = write(fd, bytes + written, size - written);
        if (n <= 0) break;
        written += static_cast<size_t>(n);
    }
    close(fd);
    void* library = written == size ? dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL) : nullptr;
    unlink(path.c_str());
    return library;
}

bool pointers_are_live(const standin::KernelEntry& entry, const std::vector<unsigned char>& values, const std::vector<size_t>& offsets)
{
    for (int i = 0; i < entry.parameter_count; i++)
    {
        if (!entry.is_pointer[i]) continue;
        uint64_t address;
        std::memcpy(&address, values.data() + offsets[i], sizeof address);
        if (!standin::range_is_live(address, 1)) return false;
    }
    return true;
}
}

STANDIN_EXPORT CUresult cuModuleLoadData(CUmodule* handle, const void* image)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (!handle || !image) return CUDA_ERROR_INVALID_VALUE;
    if (!standin::is_module_image(image)) return CUDA_ERROR_INVALID_IMAGE;
    const auto* header = static_cast<const standin::ModuleImageHeader*>(image);
    auto module = std::make_shared<Module>();
    module->library = load_shared_object(static_cast<const unsigned char*>(image) + sizeof *header, header->object_bytes);
    if (!module->library) return CUDA_ERROR_INVALID_IMAGE;
    auto* table = static_cast<const standin::KernelEntry*>(dlsym(module->library, standin::kKernelTableSymbol));
    auto* count = static_cast<const int*>(dlsym(module->library, standin::kKernelCountSymbol));
    if (!table || !count) return CUDA_ERROR_INVALID_IMAGE;
    for (int i = 0; i < *count; i++) module->functions.push_back(std::make_unique<Function>(Function{module.get(), &table[i]}));
    std::lock_guard guard(g_lock);
    for (auto& function : module->functions) g_functions[function.get()] = module;
    g_modules[module.get()] = module;
    *handle = reinterpret_cast<CUmodule>(module.get());
    return CUDA_SUCCESS;
}

// The module's functions become invalid handles; its code stays loaded while a captured launch still needs it.
STANDIN_EXPORT CUresult cuModuleUnload(CUmodule handle)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    std::lock_guard guard(g_lock);
    auto found = g_modules.find(reinterpret_cast<Module*>(handle));
    if (found == g_modules.end()) return CUDA_ERROR_INVALID_HANDLE;
    for (auto& function : found->second->functions) g_functions.erase(function.get());
    g_modules.erase(found);
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuModuleGetFunction(CUfunction* function, CUmodule handle, const char* name)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (!function || !name) return CUDA_ERROR_INVALID_VALUE;
    std::lock_guard guard(g_lock);
    auto found = g_modules.find(reinterpret_cast<Module*>(handle));
    if (found == g_modules.end()) return CUDA_ERROR_INVALID_HANDLE;
    for (auto& candidate : found->second->functions)
        if (std::strcmp(candidate->entry->name, name) == 0)
        {
            *function = reinterpret_cast<CUfunction>(candidate.get());
            return CUDA_SUCCESS;
        }
    return CUDA_ERROR_NOT_FOUND;
}

STANDIN_EXPORT CUresult cuLaunchKernel(CUfunction handle, unsigned int gridX, unsigned int gridY, unsigned int gridZ,
                                       unsigned int blockX, unsigned int blockY, unsigned int blockZ, unsigned int sharedMemoryBytes,
                                       CUstream stream, void** kernelParams, void** extra)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    std::shared_ptr<Module> module;
    const standin::KernelEntry* entry;
    {
        std::lock_guard guard(g_lock);
        auto found = g_functions.find(reinterpret_cast<Function*>(handle));
        if (found == g_functions.end()) return CUDA_ERROR_INVALID_HANDLE;
        module = found->second;
        entry = found->first->entry;
    }
    // The device's limits (driver_device.cpp's attributes); the stand-in has no dynamic shared memory to give.
    if (!gridX || !gridY || !gridZ || !blockX || !blockY || !blockZ) return CUDA_ERROR_INVALID_VALUE;
    if (gridY > 65535 || gridZ > 65535 || blockZ > 64 || uint64_t{blockX} * blockY * blockZ > 1024) return CUDA_ERROR_INVALID_VALUE;
    if (sharedMemoryBytes > 49152) return CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES;
    if (extra) return CUDA_ERROR_NOT_SUPPORTED;  // only kernelParams
    if (entry->parameter_count > 0 && !kernelParams) return CUDA_ERROR_INVALID_VALUE;

    // The argument values, copied now, each at an 8-byte aligned offset.
    std::vector<size_t> offsets(entry->parameter_count);
    size_t total = 0;
    for (int i = 0; i < entry->parameter_count; i++)
    {
        offsets[i] = total;
        total += (entry->argument_bytes[i] + 7) / 8 * 8;
    }
    std::vector<unsigned char> values(total);
    for (int i = 0; i < entry->parameter_count; i++)
    {
        if (!kernelParams[i]) return CUDA_ERROR_INVALID_VALUE;
        std::memcpy(values.data() + offsets[i], kernelParams[i], entry->argument_bytes[i]);
    }
    if (!pointers_are_live(*entry, values, offsets)) return CUDA_ERROR_INVALID_VALUE;

    standin::LaunchShape shape{gridX, gridY, gridZ, blockX, blockY, blockZ};
    return standin::submit(stream, {entry->name, [module, entry, shape, values, offsets]() -> CUresult {
        // Checked again when it runs: a replayed graph may outlive an allocation it was captured with.
        if (!pointers_are_live(*entry, values, offsets)) return CUDA_ERROR_ILLEGAL_ADDRESS;
        std::vector<unsigned char> arguments = values;
        std::vector<void*> pointers(entry->parameter_count);
        for (int i = 0; i < entry->parameter_count; i++) pointers[i] = arguments.data() + offsets[i];
        std::lock_guard launching(g_launch_lock);
        entry->launch(&shape, pointers.data());
        return CUDA_SUCCESS;
    }});
}
