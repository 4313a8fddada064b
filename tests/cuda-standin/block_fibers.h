// block_fibers.h: CUDA's thread model for kernels compiled as C++ by g++, shared by the CUDA stand-in's NVRTC
// (kernel_shim.h) and the kernel tests' shim (tests/Dcgan.Parity.Tests/CudaKernels/cuda_shim.h).
// threadIdx/blockIdx/blockDim/gridDim are thread-locals of the launching thread, set for the fiber that runs: a
// launch runs the grid's blocks one after another, each block's threads as fibers that take turns at each
// __syncthreads(), so the barrier holds and a __shared__ static is private to the one block running at a time.
#ifndef DCGAN_BLOCK_FIBERS_H
#define DCGAN_BLOCK_FIBERS_H
#include <memory>
#include <ucontext.h>
#include <vector>

struct dim3
{
    unsigned int x = 1, y = 1, z = 1;
};

inline thread_local dim3 threadIdx, blockIdx, blockDim, gridDim;

// A block's threads are fibers (ucontext) on the launching thread: thread t runs until it calls __syncthreads() or
// returns, then hands over to thread t + 1; the last hands back to thread 0. So every thread of the block has reached
// the barrier before any passes it, as CUDA requires (all threads of a block call __syncthreads() alike), and a
// launch costs one OS thread however many CUDA threads it has. Real threads, 256 per launch meeting at a barrier
// after each block, took minutes per training step on a loaded two-core machine.
struct standin_block
{
    std::vector<ucontext_t> fibers;
    std::vector<std::unique_ptr<char[]>> stacks;
    std::vector<dim3> index;
    ucontext_t launcher;
    unsigned current = 0;
    void (*run)(void*) = nullptr;
    void* kernel = nullptr;
};

inline thread_local standin_block* standin_running_block = nullptr;

// The fiber a thread of the block runs: the kernel, then the next thread (or, after the last, the launcher).
inline void standin_fiber_entry()
{
    standin_block* block = standin_running_block;
    block->run(block->kernel);
    unsigned me = block->current;
    unsigned next = me + 1;
    if (next < block->fibers.size())
    {
        block->current = next;
        threadIdx = block->index[next];
        swapcontext(&block->fibers[me], &block->fibers[next]);
    }
    else
        swapcontext(&block->fibers[me], &block->launcher);
}

inline void __syncthreads()
{
    standin_block* block = standin_running_block;
    unsigned me = block->current;
    unsigned next = (me + 1) % block->fibers.size();
    block->current = next;
    threadIdx = block->index[next];
    swapcontext(&block->fibers[me], &block->fibers[next]);
    // Resumed: every thread has reached this barrier.
    threadIdx = block->index[me];
}

// Runs kernel() as a launch of grid blocks of block threads: the blocks in order, each block's threads as fibers.
template <typename Kernel>
void block_fibers_run(dim3 grid, dim3 block_shape, Kernel& kernel)
{
    constexpr size_t stack_bytes = 64 * 1024;
    const unsigned threads = block_shape.x * block_shape.y * block_shape.z;
    standin_block block;
    block.fibers.resize(threads);
    block.index.resize(threads);
    for (unsigned t = 0; t < threads; t++)
    {
        block.stacks.emplace_back(new char[stack_bytes]);
        block.index[t] = dim3{t % block_shape.x, t / block_shape.x % block_shape.y, t / (block_shape.x * block_shape.y)};
    }
    block.run = [](void* k) { (*static_cast<Kernel*>(k))(); };
    block.kernel = &kernel;
    standin_block* outer = standin_running_block;
    standin_running_block = &block;
    blockDim = block_shape;
    gridDim = grid;
    for (unsigned z = 0; z < grid.z; z++)
        for (unsigned y = 0; y < grid.y; y++)
            for (unsigned x = 0; x < grid.x; x++)
            {
                blockIdx = dim3{x, y, z};
                for (unsigned t = 0; t < threads; t++)
                {
                    getcontext(&block.fibers[t]);
                    block.fibers[t].uc_stack.ss_sp = block.stacks[t].get();
                    block.fibers[t].uc_stack.ss_size = stack_bytes;
                    block.fibers[t].uc_link = &block.launcher;
                    makecontext(&block.fibers[t], standin_fiber_entry, 0);
                }
                block.current = 0;
                threadIdx = block.index[0];
                swapcontext(&block.launcher, &block.fibers[0]);
            }
    standin_running_block = outer;
}

#endif
