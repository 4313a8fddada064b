using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;

namespace Dcgan.Benchmarks;

/// <summary>
/// One convolution of the zoo in its three directions: conv4x4's discriminator layer 128 -> 256 channels,
/// 4x4 kernel, stride 2, padding 1, 14x14 -> 7x7, batch 64 (3.3 GFLOP each way, the heaviest layer of that step).
/// </summary>
[MemoryDiagnoser]
public unsafe class ConvolutionBenchmarks
{
    private static readonly ConvGeometry Geometry = new(Batch: 64, InChannels: 128, InHeight: 14, InWidth: 14,
        OutChannels: 256, OutHeight: 7, OutWidth: 7, KernelHeight: 4, KernelWidth: 4, Stride: 2, Padding: 1);

    private float* _x, _w, _y, _dx, _dw;

    [GlobalSetup]
    public void Setup()
    {
        var g = Geometry;
        _x = Allocate((long)g.Batch * g.InChannels * g.ImageSpatial);
        _dx = Allocate((long)g.Batch * g.InChannels * g.ImageSpatial);
        _w = Allocate((long)g.OutChannels * g.PatchSize);
        _dw = Allocate((long)g.OutChannels * g.PatchSize);
        _y = Allocate((long)g.Batch * g.OutChannels * g.FeatureSpatial);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var p in new[] { (nint)_x, (nint)_dx, (nint)_w, (nint)_dw, (nint)_y })
            NativeMemory.AlignedFree((void*)p);
    }

    [Benchmark]
    public void Forward() => CpuKernels.Conv2dForward(Geometry, _x, _w, null, _y, Activation.None, 0f);

    [Benchmark]
    public void BackwardData() => CpuKernels.Conv2dBackwardData(Geometry, _y, _w, _dx);

    [Benchmark]
    public void BackwardFilter() => CpuKernels.Conv2dBackwardFilter(Geometry, _x, _y, _dw);

    private static float* Allocate(long count)
    {
        var p = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        var random = new Random(1);
        for (long i = 0; i < count; i++) p[i] = (float)random.NextDouble() - 0.5f;
        return p;
    }
}
