using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Cuda;

namespace Dcgan.Runtime;

/// <summary>What a device operation does.</summary>
public enum DeviceOpKind
{
    /// <summary>A kernel of the model's table (<see cref="DeviceOp.Kernel"/>), each C parameter bound by name.</summary>
    Launch,
    /// <summary>One cuBLAS SGEMM of a Linear layer (<see cref="DeviceOp.Product"/>); operands A, B, C in the row-major roles.</summary>
    Gemm,
    /// <summary>One cuDNN convolution routine; operands image, filter, feature (the Conv2d direction's sides).</summary>
    Convolution,
    /// <summary>A memset to zero of <see cref="DeviceOp.Elements"/> floats at operand buffer (a gradient clear).</summary>
    Clear,
    /// <summary>
    /// One cuDNN batch-norm routine (<see cref="DeviceOp.Normalization"/>), spatial mode (one statistic per channel) over
    /// [n, <see cref="DeviceOp.Channels"/>, <see cref="DeviceOp.Spatial"/>]; operands as <see cref="BatchNormWork"/> lists them.
    /// </summary>
    BatchNorm,
}

/// <summary>
/// One operation of a model's device program (<see cref="GanDefinition.DeviceProgram"/>): the training step on the GPU
/// as data, in order, built by the generator from the same walk as the CPU step's statements. Sizes that depend on the
/// batch are completed at run time (<see cref="GemmFor"/>, <see cref="ConvolutionFor"/>); everything else is fixed.
/// </summary>
public sealed record DeviceOp(DeviceOpKind Kind, string Comment, DeviceBinding[] Operands)
{
    /// <summary>The kernel-table name a launch runs.</summary>
    public string Kernel { get; init; } = "";
    public LinearProduct Product { get; init; }
    public int InFeatures { get; init; }
    public int OutFeatures { get; init; }
    /// <summary>The convolution's geometry in the Conv2d direction, its batch left 0 for the run's.</summary>
    public ConvGeometry Geometry { get; init; }
    public bool Transposed { get; init; }
    public ConvolutionWork Work { get; init; }
    /// <summary>Floats a clear sets to zero.</summary>
    public long Elements { get; init; }
    public BatchNormWork Normalization { get; init; }
    /// <summary>A batch norm's channels, and positions per channel (H*W; 1 after a Linear).</summary>
    public int Channels { get; init; }
    public long Spatial { get; init; }
    /// <summary>A batch norm's epsilon and momentum as the layer declares them (the CPU's float values).</summary>
    public float Eps { get; init; }
    public float Momentum { get; init; }

    public static DeviceOp Launch(string kernel, string comment, params DeviceBinding[] operands) =>
        new(DeviceOpKind.Launch, comment, operands) { Kernel = kernel };

    public static DeviceOp LinearGemm(LinearProduct product, int inFeatures, int outFeatures, string comment, params DeviceBinding[] operands) =>
        new(DeviceOpKind.Gemm, comment, operands) { Product = product, InFeatures = inFeatures, OutFeatures = outFeatures };

    public static DeviceOp Convolution(ConvGeometry geometry, bool transposed, ConvolutionWork work, string comment, params DeviceBinding[] operands) =>
        new(DeviceOpKind.Convolution, comment, operands) { Geometry = geometry, Transposed = transposed, Work = work };

    public static DeviceOp Clear(long elements, string comment, DeviceBinding buffer) =>
        new(DeviceOpKind.Clear, comment, [buffer]) { Elements = elements };

    public static DeviceOp BatchNorm(BatchNormWork work, int channels, long spatial, float eps, float momentum, string comment, params DeviceBinding[] operands) =>
        new(DeviceOpKind.BatchNorm, comment, operands) { Normalization = work, Channels = channels, Spatial = spatial, Eps = eps, Momentum = momentum };

    /// <summary>The operand bound to <paramref name="name"/>.</summary>
    public DeviceBinding Operand(string name)
    {
        foreach (var operand in Operands)
            if (operand.Name == name) return operand;
        throw new InvalidOperationException($"{this}: no operand named '{name}'");
    }

    /// <summary>The cuBLAS call of a GEMM for a batch of <paramref name="batch"/>.</summary>
    public CublasGemm GemmFor(int batch) => Product switch
    {
        LinearProduct.Forward => CublasGemm.LinearForward(batch, InFeatures, OutFeatures),
        LinearProduct.BackwardData => CublasGemm.LinearBackwardData(batch, InFeatures, OutFeatures),
        _ => CublasGemm.LinearBackwardWeight(batch, InFeatures, OutFeatures),
    };

    /// <summary>The cuDNN routine and descriptors of a convolution for a batch of <paramref name="batch"/>.</summary>
    public (CudnnConvolutionRoutine Routine, CudnnConvolution Descriptors) ConvolutionFor(int batch) =>
        (CudnnConvolution.RoutineFor(Transposed, Work), new CudnnConvolution(Geometry with { Batch = batch }));

    public override string ToString() => Kind switch
    {
        DeviceOpKind.Launch => $"launch {Kernel}",
        DeviceOpKind.Gemm => $"gemm {Product} {InFeatures}x{OutFeatures}",
        DeviceOpKind.Convolution => $"{(Transposed ? "conv-transpose" : "conv")} {Work}",
        DeviceOpKind.BatchNorm => $"batch-norm {Normalization} {Channels}x{Spatial}",
        _ => $"clear {Elements}",
    } + $" ({Comment})";
}
