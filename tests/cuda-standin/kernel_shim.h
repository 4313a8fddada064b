// kernel_shim.h: the CUDA C that the stand-in NVRTC compiles as C++ with g++ (it puts this text first, then the
// program, then one launch wrapper per extern "C" __global__ function and the module's kernel table).
// threadIdx/blockIdx/blockDim/gridDim are thread-locals over real threads: a launch starts one thread per thread
// of a block, and those threads walk the grid's blocks one after another, meeting at a barrier after each block,
// so __syncthreads() is a real barrier and a __shared__ static is private to the one block running at a time.
// The driver runs one launch at a time. Adapted from tests/Dcgan.Parity.Tests/CudaKernels/cuda_shim.h.
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <math.h>
#include <mutex>
#include <thread>
#include <vector>
#include "module_image.h"

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __noinline__
#define __shared__ static
#define __restrict__ __restrict
#define __launch_bounds__(...)

struct dim3
{
    unsigned int x = 1, y = 1, z = 1;
};

inline thread_local dim3 threadIdx, blockIdx, blockDim, gridDim;

// A block's barrier for __syncthreads(). Not std::barrier: libstdc++ 12's, built on its atomic waits, left every
// thread of a bias-gradient launch parked in arrive_and_wait on a loaded machine, and the test run hung. Here a
// waiter checks the phase briefly, then sleeps on a condition variable; the
// last thread to arrive publishes the next phase under the mutex, so no sleeper can miss it.
class standin_barrier
{
public:
    explicit standin_barrier(unsigned count) : count_(count) {}

    void arrive_and_wait()
    {
        unsigned long long phase = phase_.load(std::memory_order_acquire);
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == count_)
        {
            arrived_.store(0, std::memory_order_relaxed);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                phase_.store(phase + 1, std::memory_order_release);
            }
            released_.notify_all();
            return;
        }
        // A short spin without yielding: a launch has more threads than the machine has cores, and on a loaded
        // machine each sched_yield can hand a whole time slice to another process (1000 of them made a launch take minutes).
        for (int i = 0; i < 200; i++)
            if (phase_.load(std::memory_order_acquire) != phase) return;
        std::unique_lock<std::mutex> lock(mutex_);
        released_.wait(lock, [&] { return phase_.load(std::memory_order_acquire) != phase; });
    }

private:
    const unsigned count_;
    std::atomic<unsigned> arrived_{0};
    std::atomic<unsigned long long> phase_{0};
    std::mutex mutex_;
    std::condition_variable released_;
};

// The running launch's barrier: every thread of a block calls __syncthreads() the same number of times.
inline thread_local standin_barrier* standin_block_barrier = nullptr;

inline void __syncthreads() { standin_block_barrier->arrive_and_wait(); }

// CUDA's sincospi(x) = (sin(pi x), cos(pi x)), from the quarter-turn x lies nearest to (as cuda_shim.h has it).
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

// Runs kernel() as the launch shape says: block threads at once, the grid's blocks in order.
template <typename Kernel>
void standin_run_launch(const standin::LaunchShape& shape, Kernel kernel)
{
    const dim3 grid{shape.grid_x, shape.grid_y, shape.grid_z}, block{shape.block_x, shape.block_y, shape.block_z};
    const unsigned threads = block.x * block.y * block.z;
    standin_barrier barrier(threads);
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; t++)
        pool.emplace_back([&, t] {
            standin_block_barrier = &barrier;
            threadIdx = dim3{t % block.x, t / block.x % block.y, t / (block.x * block.y)};
            blockDim = block;
            gridDim = grid;
            for (unsigned z = 0; z < grid.z; z++)
                for (unsigned y = 0; y < grid.y; y++)
                    for (unsigned x = 0; x < grid.x; x++)
                    {
                        blockIdx = dim3{x, y, z};
                        kernel();
                        barrier.arrive_and_wait();  // the block ends before the next one reuses __shared__
                    }
        });
    for (auto& thread : pool) thread.join();
}
