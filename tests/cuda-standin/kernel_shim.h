// kernel_shim.h: the CUDA C that the stand-in NVRTC compiles as C++ with g++ (it puts this text first, then the
// program, then one launch wrapper per extern "C" __global__ function and the module's kernel table).
// Its thread model (block_fibers.h, written beside it) runs a block's threads as fibers. The driver runs one launch at a time.
#include <cmath>
#include <math.h>
#include "module_image.h"

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __noinline__
#define __shared__ static
#define __restrict__ __restrict
#define __launch_bounds__(...)

#include "block_fibers.h"

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

// Runs kernel() as the launch shape says.
template <typename Kernel>
void standin_run_launch(const standin::LaunchShape& shape, Kernel kernel)
{
    block_fibers_run(dim3{shape.grid_x, shape.grid_y, shape.grid_z}, dim3{shape.block_x, shape.block_y, shape.block_z}, kernel);
}
