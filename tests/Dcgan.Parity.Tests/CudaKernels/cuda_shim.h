// cuda_shim.h: just enough CUDA for g++ to compile dcgan's generated kernel source as C++ and to run a launch
// on CPU threads, so the source's syntax and arithmetic are checked without a GPU (CudaShimLibrary compiles it).
// A launch runs its blocks one after another, each block's threads as fibers that take turns at __syncthreads()
// (tests/cuda-standin/block_fibers.h, the stand-in's thread model too); __shared__ is then a static, which is right
// while only one block runs at a time. ShimLibrary puts block_fibers.h, then this text, first in the file it compiles.
#include <cmath>
#include <math.h>

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static

// CUDA's sincospi(x) = (sin(pi x), cos(pi x)), from the quarter-turn x lies nearest to: the reduction is exact,
// and sin/cos of pi r for |r| <= 1/4 are within an ulp or so, as CUDA's own are.
inline void sincospi(double x, double* s, double* c)
{
    double quarter_turns = std::nearbyint(2.0 * x);
    double r = x - 0.5 * quarter_turns;
    double sr = std::sin(M_PI * r), cr = std::cos(M_PI * r);
    switch (((long long)quarter_turns % 4 + 4) % 4)
    {
        case 0: *s = sr; *c = cr; break;
        case 1: *s = cr; *c = -sr; break;
        case 2: *s = -sr; *c = -cr; break;
        default: *s = -cr; *c = sr; break;
    }
}

// Runs kernel() as a launch of grid blocks of block threads (block_fibers.h).
template <typename Kernel>
void shim_launch(int grid, int block, Kernel kernel)
{
    block_fibers_run(dim3{(unsigned)grid, 1, 1}, dim3{(unsigned)block, 1, 1}, kernel);
}
