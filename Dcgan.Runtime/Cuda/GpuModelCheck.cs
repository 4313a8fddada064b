using System.Diagnostics;
using System.Globalization;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// What a GPU run of one model would meet at start-up, checked on the GPU without training: whether its plan fits in
/// the memory free on the GPU (the bytes are known at build time: activations per image, parameters, gradients, Adam
/// moments, running statistics, and the dataset kept on the GPU as bytes), and whether NVRTC accepts the CUDA source
/// the generator wrote for it (through the kernel cache) and the module holds every kernel of its table.
/// </summary>
public static class GpuModelCheck
{
    public static IReadOnlyList<GpuSmokeTest.Step> Run(GpuDevice device, GanDefinition model, int batch, long datasetBytes, KernelCache cache)
    {
        PrimaryContext context;
        try
        {
            context = PrimaryContext.Retain(device.Ordinal);
        }
        catch (DcganException e)
        {
            return [new GpuSmokeTest.Step($"{model.Name} on GPU {device.Ordinal}", e.Message)];
        }
        using (context)
            return [Memory(context, device, model, batch, datasetBytes), Kernels(context, device, model, cache)];
    }

    /// <summary>The plan at <paramref name="batch"/> against the memory free now; the dataset comes off the top.</summary>
    public static GpuSmokeTest.Step MemoryVerdict(GanDefinition model, int batch, long datasetBytes, long freeBytes, string where)
    {
        long available = freeBytes - datasetBytes;
        long needed = MemoryBudget.BytesNeeded(model, batch) + datasetBytes;
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{model.Name} at batch {batch}: needs {MemoryBudget.Gib(needed)} with the dataset, {MemoryBudget.Gib(freeBytes)} free{where}");
        string? problem = MemoryBudget.Problem(model, batch, available, $"{where} once the dataset's {datasetBytes / (1024.0 * 1024):F0} MiB is there");
        if (problem is null)
            name += string.Create(CultureInfo.InvariantCulture, $" (a batch of up to {MemoryBudget.LargestBatch(model, available):N0} fits)");
        return new GpuSmokeTest.Step(name, problem);
    }

    private static GpuSmokeTest.Step Memory(PrimaryContext context, GpuDevice device, GanDefinition model, int batch, long datasetBytes)
    {
        try
        {
            var (free, _) = context.MemoryInfo();
            return MemoryVerdict(model, batch, datasetBytes, (long)free, $" on GPU {device.Ordinal}");
        }
        catch (DcganException e)
        {
            return new GpuSmokeTest.Step($"{model.Name}'s memory on GPU {device.Ordinal}", e.Message);
        }
    }

    private static GpuSmokeTest.Step Kernels(PrimaryContext context, GpuDevice device, GanDefinition model, KernelCache cache)
    {
        string name = $"{model.Name}'s {model.CudaKernels.Count} generated kernels for sm_{device.Architecture}";
        try
        {
            var clock = Stopwatch.StartNew();
            byte[] cubin = cache.Get(NvrtcCompiler.Request(model.CudaSource, device.Architecture));
            string how = cache.LastMiss is null
                ? $"read from {cache.Directory}"
                : string.Create(CultureInfo.InvariantCulture, $"compiled by NVRTC in {clock.Elapsed.TotalSeconds:F1} s ({cache.LastMiss})");
            using var module = CudaModule.Load(context, cubin);
            foreach (var kernel in model.CudaKernels) module.Function(kernel.Name);
            return new GpuSmokeTest.Step(string.Create(CultureInfo.InvariantCulture, $"{name}: {cubin.Length / 1024.0:F0} KiB, {how}, every kernel found in the module"), null);
        }
        catch (DcganException e)
        {
            return new GpuSmokeTest.Step(name, e.Message);
        }
    }
}
