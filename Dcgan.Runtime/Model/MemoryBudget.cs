namespace Dcgan.Runtime;

/// <summary>
/// What a GAN needs in memory at a batch size, all known at build time: the activation arena (per image), the
/// scratch, and for each network its parameters, gradients, two Adam moments and running statistics. Checked
/// before anything is allocated, so a batch that cannot fit is refused with the batch that would.
/// </summary>
public static class MemoryBudget
{
    public static long BytesNeeded(GanDefinition d, int batch)
        => d.ArenaBytes(batch) + 4L * sizeof(float) * (d.GeneratorParameterFloats + d.DiscriminatorParameterFloats)
           + sizeof(float) * (d.GeneratorStatisticFloats + d.DiscriminatorStatisticFloats);

    /// <summary>The largest batch whose needs stay within <paramref name="availableBytes"/> (0 if not even one image fits).</summary>
    public static int LargestBatch(GanDefinition d, long availableBytes)
    {
        long fixedBytes = BytesNeeded(d, 0);
        long perImage = d.ArenaFloatsPerSample * sizeof(float);
        return availableBytes <= fixedBytes ? 0 : (int)Math.Min(int.MaxValue, (availableBytes - fixedBytes) / perImage);
    }

    /// <summary>
    /// Null when <paramref name="batch"/> fits in <paramref name="availableBytes"/>, else a sentence saying what it needs and
    /// what fits; <paramref name="where"/> names the memory (" on NVIDIA H100 ...") when it is not the machine's.
    /// </summary>
    public static string? Problem(GanDefinition d, int batch, long availableBytes, string where = "")
    {
        long needed = BytesNeeded(d, batch);
        if (needed <= availableBytes) return null;
        int fits = LargestBatch(d, availableBytes);
        return $"{d.Name} at batch {batch} needs {Gib(needed)} ({d.ArenaFloatsPerSample * sizeof(float) / 1024.0:N0} KiB of activations per image, "
            + $"fixed at build time) and {Gib(availableBytes)} is available{where}; "
            + (fits > 0 ? $"a batch of {fits} or less fits" : "not even one image fits");
    }

    /// <summary>Memory this process may use: the machine's, or its container's limit.</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public static string Gib(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):F1} GiB";
}
