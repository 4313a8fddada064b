namespace Dcgan.Runtime.Cpu;

/// <summary>
/// The CPU backend's kernels: plain static methods over raw float pointers that the generated
/// training step calls with every size fixed. Each concern lives in its own file of this partial class.
/// </summary>
/// <remarks>
/// Kernels share per-thread scratch and one worker pool, so calls from different threads are
/// serialised by <see cref="s_gate"/>; a training step issues its kernels from one thread anyway.
/// </remarks>
public static unsafe partial class CpuKernels
{
    // System.Threading.Lock: reentrant (a kernel may call another) and allocation-free to enter.
    private static readonly Lock s_gate = new();
    private static int s_threads = DefaultThreads();

    /// <summary>Threads used by every kernel (the caller plus Threads-1 pool workers).</summary>
    public static int Threads
    {
        get => s_threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (s_gate) s_threads = value;
        }
    }

    /// <summary>
    /// The instruction set the kernels run on: <c>avx512</c>, <c>avx2</c> or <c>scalar</c>, as the GEMM's micro-kernel
    /// (which the JIT's settings decide: <c>DOTNET_EnableAVX512=0</c> or <c>DOTNET_EnableAVX2=0</c> in a process's
    /// environment turn the wider paths off). Every result that depends on rounding is reported with it.
    /// </summary>
    public static string SimdPath => Gemm.ActivePath switch
    {
        GemmPath.Avx512 => "avx512",
        GemmPath.Avx2 => "avx2",
        _ => "scalar",
    };

    private static int DefaultThreads()
    {
        string? configured = Environment.GetEnvironmentVariable("DCGAN_THREADS");
        if (configured is not null && int.TryParse(configured, out int threads) && threads > 0)
            return threads;
        return Math.Max(1, Environment.ProcessorCount);
    }

    /// <summary>Taken by every public kernel that uses the pool or scratch memory.</summary>
    internal static Lock.Scope EnterKernel() => s_gate.EnterScope();

    public static void Clear(float* p, long n)
    {
        if (n > 0) System.Runtime.InteropServices.NativeMemory.Clear(p, (nuint)n * sizeof(float));
    }

    public static void Copy(float* src, float* dst, long n)
    {
        if (n > 0) Buffer.MemoryCopy(src, dst, n * sizeof(float), n * sizeof(float));
    }
}
