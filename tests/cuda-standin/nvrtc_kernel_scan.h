// nvrtc_kernel_scan.h: finds a program's extern "C" __global__ functions and their C parameter lists, and writes
// the launch wrappers and kernel table (module_image.h's KernelEntry) that the stand-in driver launches them by.
#pragma once
#include <string>
#include <vector>

namespace standin
{
struct KernelParameter
{
    std::string type;  // "const float*"
    std::string name;  // "x"
};

struct KernelSignature
{
    std::string name;
    std::string parameter_text;  // as written, on one line
    std::vector<KernelParameter> parameters;
};

// Every `extern "C" __global__ void NAME(PARAMETERS)` outside comments, in order.
std::vector<KernelSignature> find_kernels(const std::string& source);

// C++ appended after the program: one dcgan_standin_launch_NAME wrapper per kernel, then the kernel table.
std::string launch_wrappers(const std::vector<KernelSignature>& kernels);
}
