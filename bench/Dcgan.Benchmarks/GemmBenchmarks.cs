using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Dcgan.Runtime.Cpu;

namespace Dcgan.Benchmarks;

/// <summary>
/// The GEMM every convolution and linear layer goes through, on shapes the zoo's steps issue.
/// GFLOP/s = 2 M N K / time; compare with `dcgan-cli bench`'s measured FMA peak.
/// </summary>
[MemoryDiagnoser]
public unsafe class GemmBenchmarks
{
    private float* _a, _b, _c;

    /// <summary>
    /// M x N x K: a square product, then the three products of conv4x4's heaviest layer (D's 128 -> 256
    /// channels, 4x4 kernel, 14x14 -> 7x7, batch 64 = 3136 positions, patch 2048): forward, data gradient, filter gradient.
    /// </summary>
    [Params("512x512x512", "256x3136x2048", "2048x3136x256", "256x2048x3136")]
    public string Shape { get; set; } = "";

    private int _m, _n, _k;

    /// <summary>The micro-kernel: avx512 (8x32 on Vector512) or avx2 (6x16 on Vector256).</summary>
    [Params("avx512", "avx2")]
    public string Kernel { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k) = (parts[0], parts[1], parts[2]);
        _a = Allocate((long)_m * _k);
        _b = Allocate((long)_k * _n);
        _c = Allocate((long)_m * _n);
        Gemm.ForcedPath = Kernel == "avx2" ? GemmPath.Avx2 : GemmPath.Avx512;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(_a);
        NativeMemory.AlignedFree(_b);
        NativeMemory.AlignedFree(_c);
        Gemm.ForcedPath = null;
    }

    [Benchmark]
    public void Multiply() => Gemm.Multiply(false, false, _m, _n, _k, _a, _k, _b, _n, _c, _n, accumulate: false);

    private static float* Allocate(long count)
    {
        var p = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        var random = new Random(1);
        for (long i = 0; i < count; i++) p[i] = (float)random.NextDouble() - 0.5f;
        return p;
    }
}
