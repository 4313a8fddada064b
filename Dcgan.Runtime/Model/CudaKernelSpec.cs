namespace Dcgan.Runtime;

/// <summary>What a generated CUDA kernel computes: each kind stands for one CPU kernel (or one part of it).</summary>
public enum CudaKernelKind
{
    /// <summary>y = act(y + bias[c]) after cuBLAS or cuDNN: the epilogue of LinearForward, Conv2dForward, ConvTranspose2dForward.</summary>
    BiasActivation,
    ActivationForward,
    ActivationBackward,
    /// <summary>
    /// BiasBackward, and the bias term of LinearBackward (whose products go to cuBLAS): its partial pass, each part of a
    /// channel summed into scratch; <see cref="BiasGradientCombine"/> adds the parts to dbias.
    /// </summary>
    BiasGradient,
    /// <summary>The second launch of <see cref="BiasGradient"/>: each channel's parts added, in a fixed order, to dbias.</summary>
    BiasGradientCombine,
    UpsampleNearest,
    UpsampleNearestBackward,
    UpsampleBilinear,
    UpsampleBilinearBackward,
    Dropout,
    DropoutBackward,
    GaussianNoise,
    Copy,
    BceWithLogits,
    BceOnProbabilities,
    SoftmaxCrossEntropy,
    CountCorrect,
    /// <summary>The second launch of a loss (BCE, softmax cross-entropy): its parts added in a fixed order, the mean written.</summary>
    LossMean,
    /// <summary>The second launch of <see cref="CountCorrect"/>: its parts' counts added.</summary>
    CorrectTotal,
    /// <summary>One thread before <see cref="Adam"/>: the network's Adam step count +1 and that step's bias corrections (CpuKernels.AdamCorrections).</summary>
    AdamBeginStep,
    Adam,
    /// <summary>LatentSampler.Fill with a normal latent, from a device counter.</summary>
    LatentNormal,
    LatentUniform,
    /// <summary>Moves the latent counter past one fill, as the CPU's fill does.</summary>
    AdvanceLatentCounter,
    /// <summary>Adds one to a device counter (the step, an Adam step count, the batch index).</summary>
    AdvanceCounter,
    /// <summary>BatchSource.Fill: a real batch gathered from the dataset's bytes through the epoch's permutation.</summary>
    GatherBatch,
}

/// <summary>How a kernel spreads over the GPU; see <see cref="CudaKernelSpec.LaunchShape"/>.</summary>
public enum CudaLaunch
{
    /// <summary>One thread per element, grid-stride: any grid and block size.</summary>
    Elementwise,
    /// <summary>One thread per Philox block of four elements, grid-stride: any grid and block size.</summary>
    PhiloxBlocks,
    /// <summary>One block per channel (blocks stride over the channels); the block size a power of two up to 1024.</summary>
    PerChannel,
    /// <summary>One block (a reduction over a batch of scalars); the block size a power of two up to 1024.</summary>
    SingleBlock,
    /// <summary>
    /// The partial pass of a split reduction: <see cref="CudaKernelSpec.Channels"/> reductions of n * Spatial elements, each
    /// in <see cref="CudaKernelSpec.SplitParts(int)"/> parts, one block a part (blocks stride over the parts, so any grid gives
    /// the same result); the block size a power of two up to 1024. Its <see cref="CudaKernelSpec.CombinedBy"/> kernel adds the parts.
    /// </summary>
    SplitReduction,
    /// <summary>One thread (a counter update).</summary>
    SingleThread,
}

/// <summary>
/// One entry point of a model's generated CUDA source (<see cref="GanDefinition.CudaSource"/>): its name, the C
/// parameters a launch passes in order, and the constants the generator compiled into it. Every size is per sample
/// except <see cref="FixedElements"/>; the batch n is the last parameter of the kernels that take one. Fields a
/// kind does not use keep their defaults.
/// </summary>
/// <param name="Parameters">The C parameters in launch order, e.g. those of <c>float* y, const float* bias, int n</c>.</param>
/// <param name="ElementsPerSample">Elements the kernel walks per sample of the batch.</param>
/// <param name="FixedElements">Elements it walks whatever the batch (Adam's parameter count).</param>
public sealed record CudaKernelSpec(string Name, CudaKernelKind Kind, IReadOnlyList<KernelParameter> Parameters, CudaLaunch Launch, long ElementsPerSample, long FixedElements)
{
    /// <summary>Threads per block a launcher should use (a power of two, as the reductions need).</summary>
    public const int ThreadsPerBlock = 256;

    /// <summary>Grid-stride kernels loop, so grids need not grow past this many blocks.</summary>
    public const int MaxBlocks = 65535;

    /// <summary>
    /// NVRTC options the source needs: --std=c++17, since NVRTC 11 compiles C++03 by default (no nullptr; 12 and 13
    /// default to C++17); and --fmad=false, without which x * s + t contracts to a fused multiply-add and the GPU's
    /// results leave the CPU's by the last bit.
    /// </summary>
    public static IReadOnlyList<string> CompileOptions { get; } = ["--std=c++17", "--fmad=false"];

    /// <summary>The parameters as the entry point's signature declares them (<c>float* y, const float* bias, int n</c>), for messages.</summary>
    public string ParameterList => string.Join(", ", Parameters);

    /// <summary>The layer and shapes the kernel serves, as the C# step's comment names them.</summary>
    public string Comment { get; init; } = "";
    /// <summary>The network whose layer <see cref="Layer"/> the kernel serves (for kernels that serve a layer).</summary>
    public Net Net { get; init; }
    /// <summary>The index of the layer (PyTorch's) whose statement launches the kernel; -1 for the step's own kernels.</summary>
    public int Layer { get; init; } = -1;
    public Activation Activation { get; init; }
    /// <summary>LeakyReLU's negative slope.</summary>
    public float Slope { get; init; }
    public int Channels { get; init; }
    /// <summary>Positions per channel (H*W; 1 after a Linear).</summary>
    public long Spatial { get; init; }
    /// <summary>The input's height and width of an upsampling (per channel).</summary>
    public int Height { get; init; }
    public int Width { get; init; }
    public float Eps { get; init; }
    public float Momentum { get; init; }
    /// <summary>The factor a loss's gradient is scaled by (0.5 where the recipe averages two terms).</summary>
    public float GradientScale { get; init; }
    /// <summary>The Philox stream of a dropout or noise call site.</summary>
    public ulong Stream { get; init; }
    public int Classes { get; init; }
    /// <summary>The range of a uniform latent, or of the pixels a batch gather produces.</summary>
    public float Low { get; init; }
    public float High { get; init; }
    /// <summary>A split reduction's elements per part: one part (block) per this many, so a block sums at least this many.</summary>
    public long SplitChunk { get; init; }
    /// <summary>A split reduction's most parts per reduction: what its scratch holds (about 1024 blocks a launch, see ReductionSplit).</summary>
    public int MaxSplitParts { get; init; }
    /// <summary>The kernel that combines a split reduction's parts (launched right after it, with the same scratch and n).</summary>
    public string CombinedBy { get; init; } = "";

    /// <summary>
    /// The parts each reduction of a <see cref="CudaLaunch.SplitReduction"/> kernel is split into for a batch of
    /// <paramref name="batch"/>: one per <see cref="SplitChunk"/> of its n * <see cref="Spatial"/> elements, at least one,
    /// at most <see cref="MaxSplitParts"/>; the kernel computes the same from n (reduction_parts in common.cuh).
    /// </summary>
    public int SplitParts(int batch) => (int)Math.Clamp(((long)batch * Spatial + SplitChunk - 1) / Math.Max(SplitChunk, 1), 1, Math.Max(MaxSplitParts, 1));

    /// <summary>Elements walked for a batch of <paramref name="batch"/>.</summary>
    public long Elements(int batch) => FixedElements + ElementsPerSample * batch;

    /// <summary>The grid and block a launcher uses for a batch of <paramref name="batch"/>.</summary>
    public (int Grid, int Block) LaunchShape(int batch) => Launch switch
    {
        CudaLaunch.Elementwise => (Blocks(Elements(batch)), ThreadsPerBlock),
        CudaLaunch.PhiloxBlocks => (Blocks((Elements(batch) + 3) / 4), ThreadsPerBlock),
        CudaLaunch.PerChannel => (Channels, ThreadsPerBlock),
        CudaLaunch.SingleBlock => (1, ThreadsPerBlock),
        CudaLaunch.SplitReduction => ((int)Math.Min((long)Channels * SplitParts(batch), MaxBlocks), ThreadsPerBlock),
        _ => (1, 1),
    };

    private static int Blocks(long items) => (int)Math.Clamp((items + ThreadsPerBlock - 1) / ThreadsPerBlock, 1, MaxBlocks);
}
