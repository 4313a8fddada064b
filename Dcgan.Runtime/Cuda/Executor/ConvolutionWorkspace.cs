namespace Dcgan.Runtime.Cuda;

/// <summary>
/// The workspace the convolutions may use. The memory plan (<see cref="MemoryBudget"/>) fixes every buffer of a step at
/// build time and holds no workspace, so the workspace is what is left over: an algorithm may need at most
/// <see cref="MaxBytes"/>, and no more than a quarter of the device memory still free once the plan's buffers are
/// allocated. One buffer of the largest chosen algorithm's need is then allocated and shared by every convolution.
/// </summary>
public static class ConvolutionWorkspace
{
    public const ulong MaxBytes = 256UL << 20;

    /// <summary>The most workspace one algorithm may need, given the device memory <paramref name="freeBytes"/> after the plan.</summary>
    public static ulong LimitBytes(ulong freeBytes) => Math.Min(MaxBytes, freeBytes / 4);
}
