// cuda_shim.h: just enough CUDA for g++ to compile dcgan's generated kernel source as C++ and to run a launch
// on CPU threads, so the source's syntax and arithmetic are checked without a GPU (CudaShimLibrary compiles it).
// A launch runs its blocks one after another, each on blockDim.x real threads that meet at __syncthreads();
// __shared__ is then a static, which is right while only one block runs at a time. ShimLibrary puts this
// text first in the file it compiles.
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <math.h>
#include <mutex>
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

// A block's barrier for __syncthreads(). Not std::barrier: libstdc++ 12's, built on its atomic waits, left every
// thread of a bias-gradient launch parked in arrive_and_wait on a loaded machine, and the test run hung. Here a
// waiter checks the phase briefly, then sleeps on a condition variable; the
// last thread to arrive publishes the next phase under the mutex, so no sleeper can miss it.
class shim_barrier
{
public:
    explicit shim_barrier(unsigned count) : count_(count) {}

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

// The running block's barrier: every thread of the block calls __syncthreads() the same number of times.
inline shim_barrier* shim_block_barrier = nullptr;

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
        shim_barrier barrier(block);
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
