using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Benchmarking;

/// <summary>
/// The machine's fused multiply-add peak, measured rather than looked up: every kernel thread runs
/// twelve independent FMA chains on the widest vectors the CPU has (enough to hide the FMA latency
/// on both ports) and the float operations per second are summed. The step's GFLOP/s are reported
/// as a share of this.
/// </summary>
public static unsafe class FmaPeak
{
    private const int Chains = 12;

    /// <summary>The instruction set the peak (and the GEMM) uses: avx512, avx2 or scalar.</summary>
    public static string Isa => CpuKernels.SimdPath;

    private static int Lanes => Avx512F.IsSupported ? 16 : Fma.IsSupported ? 8 : 1;

    /// <summary>GFLOP/s of all <see cref="CpuKernels.Threads"/> threads together (an FMA counts as 2 FLOPs).</summary>
    public static double MeasureGflops(double seconds = 0.3)
    {
        long iterations = 1 << 16;
        double elapsed = Time(iterations);
        while (elapsed < seconds / 10)
        {
            iterations *= 4;
            elapsed = Time(iterations);
        }
        iterations = (long)(iterations * seconds / elapsed);
        elapsed = Time(iterations);
        double flops = 2.0 * Chains * Lanes * iterations * CpuKernels.Threads;
        return flops / elapsed / 1e9;
    }

    private static double Time(long iterations)
    {
        var job = new Job { Iterations = iterations };
        using var gate = CpuKernels.EnterKernel(); // the worker pool runs one region at a time, kernels' or ours
        var clock = Stopwatch.StartNew();
        WorkerPool.For(CpuKernels.Threads, &Chain, &job);
        return clock.Elapsed.TotalSeconds;
    }

    private struct Job
    {
        public long Iterations;
        public float Sink;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Chain(void* context, int task, int slot)
    {
        var job = (Job*)context;
        float sink = Avx512F.IsSupported ? Chain512(job->Iterations) : Fma.IsSupported ? Chain256(job->Iterations) : ChainScalar(job->Iterations);
        job->Sink += sink; // keeps the loops alive; racy sums do not matter
    }

    private static float Chain512(long iterations)
    {
        var m = Vector512.Create(0.9999f);
        var a = Vector512.Create(1e-4f);
        Vector512<float> c0 = m, c1 = m, c2 = m, c3 = m, c4 = m, c5 = m, c6 = m, c7 = m, c8 = m, c9 = m, c10 = m, c11 = m;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, m, a); c1 = Avx512F.FusedMultiplyAdd(c1, m, a);
            c2 = Avx512F.FusedMultiplyAdd(c2, m, a); c3 = Avx512F.FusedMultiplyAdd(c3, m, a);
            c4 = Avx512F.FusedMultiplyAdd(c4, m, a); c5 = Avx512F.FusedMultiplyAdd(c5, m, a);
            c6 = Avx512F.FusedMultiplyAdd(c6, m, a); c7 = Avx512F.FusedMultiplyAdd(c7, m, a);
            c8 = Avx512F.FusedMultiplyAdd(c8, m, a); c9 = Avx512F.FusedMultiplyAdd(c9, m, a);
            c10 = Avx512F.FusedMultiplyAdd(c10, m, a); c11 = Avx512F.FusedMultiplyAdd(c11, m, a);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    private static float Chain256(long iterations)
    {
        var m = Vector256.Create(0.9999f);
        var a = Vector256.Create(1e-4f);
        Vector256<float> c0 = m, c1 = m, c2 = m, c3 = m, c4 = m, c5 = m, c6 = m, c7 = m, c8 = m, c9 = m, c10 = m, c11 = m;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, m, a); c1 = Fma.MultiplyAdd(c1, m, a);
            c2 = Fma.MultiplyAdd(c2, m, a); c3 = Fma.MultiplyAdd(c3, m, a);
            c4 = Fma.MultiplyAdd(c4, m, a); c5 = Fma.MultiplyAdd(c5, m, a);
            c6 = Fma.MultiplyAdd(c6, m, a); c7 = Fma.MultiplyAdd(c7, m, a);
            c8 = Fma.MultiplyAdd(c8, m, a); c9 = Fma.MultiplyAdd(c9, m, a);
            c10 = Fma.MultiplyAdd(c10, m, a); c11 = Fma.MultiplyAdd(c11, m, a);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    private static float ChainScalar(long iterations)
    {
        float c0 = 1, c1 = 1, c2 = 1, c3 = 1, c4 = 1, c5 = 1, c6 = 1, c7 = 1, c8 = 1, c9 = 1, c10 = 1, c11 = 1;
        for (long i = 0; i < iterations; i++)
        {
            c0 = MathF.FusedMultiplyAdd(c0, 0.9999f, 1e-4f); c1 = MathF.FusedMultiplyAdd(c1, 0.9999f, 1e-4f);
            c2 = MathF.FusedMultiplyAdd(c2, 0.9999f, 1e-4f); c3 = MathF.FusedMultiplyAdd(c3, 0.9999f, 1e-4f);
            c4 = MathF.FusedMultiplyAdd(c4, 0.9999f, 1e-4f); c5 = MathF.FusedMultiplyAdd(c5, 0.9999f, 1e-4f);
            c6 = MathF.FusedMultiplyAdd(c6, 0.9999f, 1e-4f); c7 = MathF.FusedMultiplyAdd(c7, 0.9999f, 1e-4f);
            c8 = MathF.FusedMultiplyAdd(c8, 0.9999f, 1e-4f); c9 = MathF.FusedMultiplyAdd(c9, 0.9999f, 1e-4f);
            c10 = MathF.FusedMultiplyAdd(c10, 0.9999f, 1e-4f); c11 = MathF.FusedMultiplyAdd(c11, 0.9999f, 1e-4f);
        }
        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    }
}
