// What NVRTC provides without headers, declared for clang's CUDA front end (no CUDA SDK needed): the keywords,
// the thread-index variables, and the math functions the prelude calls. CudaFrontEndTests compiles each model's
// source to PTX with it, as device code for a real GPU architecture.
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
#define __forceinline__ __inline__ __attribute__((always_inline))
#include "__clang_cuda_builtin_vars.h"
extern "C" {
__device__ float expf(float);
__device__ float tanhf(float);
__device__ float sqrtf(float);
__device__ double exp(double);
__device__ double log(double);
__device__ double sqrt(double);
__device__ double pow(double, double);
__device__ double fabs(double);
__device__ void sincospi(double, double*, double*);
}
