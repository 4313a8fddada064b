// library_version.h: the releases the stand-in libraries report (CUDA 12.8's cuBLAS, cuDNN 9.8 built for CUDA 12.8).
#pragma once
namespace standin
{
constexpr int kCublasMajor = 12, kCublasMinor = 8, kCublasPatch = 4;
constexpr int kCudnnVersion = 90800;   // 10000 * major + 100 * minor + patch, as cuDNN 9 numbers it
constexpr int kCudartVersion = 12080;  // the CUDA runtime cuDNN says it was built for
}
