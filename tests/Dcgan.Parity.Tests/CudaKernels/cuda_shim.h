// cuda_shim.h: just enough CUDA for g++ to compile dcgan's generated kernel source as C++ and to run a launch
// on CPU threads, so the source's syntax and arithmetic are checked without a GPU (CudaShimLibrary compiles it).
// A launch runs its blocks one after another, each on blockDim.x real threads that meet at __syncthreads();
// __shared__ is then a static, which is right while only one block runs at a time. ShimLibrary puts this
// text first in the file it compiles.
#include <barrier>
#include <cmath>
#include <math.h>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static

struct dim3
{
    unsigned int x = 1, y = 1, z = 1;
};

inline thread_local dim3 threadIdx, blockIdx, blockDim, gridDim;

// The running block's barrier: every thread of the block calls __syncthreads() the same number of times.
inline std::barrier<>* shim_block_barrier = nullptr;

inline void __syncthreads() { shim_block_barrier->arrive_and_wait(); }

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

// Runs kernel() as a launch of grid blocks of block threads.
template <typename Kernel>
void shim_launch(int grid, int block, Kernel kernel)
{
    for (int b = 0; b < grid; b++)
    {
        std::barrier<> barrier(block);
        shim_block_barrier = &barrier;
        std::vector<std::thread> threads;
        threads.reserve(block);
        for (int t = 0; t < block; t++)
            threads.emplace_back([=] {
                threadIdx.x = t;
                blockIdx.x = b;
                blockDim.x = block;
                gridDim.x = grid;
                kernel();
            });
        for (auto& thread : threads) thread.join();
        shim_block_barrier = nullptr;
    }
}
