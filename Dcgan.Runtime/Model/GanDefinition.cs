namespace Dcgan.Runtime;

/// <summary>One stored tensor of a network: a parameter (in the network's parameter buffer) or a batch-norm running statistic (in its statistics buffer).</summary>
/// <param name="Name">PyTorch's name, prefixed by the network: <c>G.4.weight</c>.</param>
/// <param name="Offset">Floats from the start of the parameter buffer, or of the statistics buffer for running statistics.</param>
/// <param name="FanIn">numel(weight) / weight.shape[0] of the layer's weight (for initialisation); 0 for batch norm.</param>
public sealed record TensorSpec(string Name, Net Net, TensorRole Role, int Layer, int[] Shape, long Offset, int FanIn)
{
    public long Length => Shape.Aggregate(1L, (a, d) => a * d);
    public bool IsStatistic => Role is TensorRole.RunningMean or TensorRole.RunningVar;
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// A layer as declared, with the shapes the generator inferred (per sample): what the summary
/// prints, and enough for a tool to rebuild the network elsewhere (the ONNX exporter). Its
/// parameters are the tensors of <see cref="GanDefinition.Tensors"/> with the same net and layer.
/// Fields a kind does not use keep their defaults.
/// </summary>
public sealed record LayerSpec(Net Net, int Index, string Block, string Description, int[] OutputShape, long Parameters)
{
    public LayerOp Op { get; init; }
    public int[] InputShape { get; init; } = [];
    public int Kernel { get; init; }
    public int Stride { get; init; } = 1;
    public int Padding { get; init; }
    public int OutputPadding { get; init; }
    /// <summary>LeakyReLU's negative slope.</summary>
    public float Slope { get; init; }
    /// <summary>Batch norm's epsilon.</summary>
    public float Eps { get; init; }
    /// <summary>Batch norm's running-statistics momentum, PyTorch's convention (TensorFlow's decay 0.99 is 0.01).</summary>
    public float Momentum { get; init; } = 0.1f;
    public UpsampleMode Upsample { get; init; }
    /// <summary>Upsample's scale factor (height and width).</summary>
    public int Scale { get; init; } = 2;
    /// <summary>Dropout's declared rate, or GaussianNoise's declared sigma.</summary>
    public float Rate { get; init; }
    public string OutputShapeText => "[" + string.Join(", ", OutputShape) + "]";
}

/// <summary>A tensor the caller reads or writes around a step, at a fixed place in the arena (per-sample units).</summary>
public readonly record struct ArenaSlot(long OffsetPerSample, long LengthPerSample);

public readonly record struct AdamSettings(float LearningRate, float Beta1, float Beta2, float Eps, float WeightDecay);

/// <summary>
/// Everything the source generator worked out about one GAN at build time: shapes, the
/// parameter table, the memory plan and the training recipe. Generated code creates one
/// instance per model; nothing here is computed at run time.
/// </summary>
public sealed class GanDefinition
{
    public required string Name { get; init; }
    public required int[] LatentShape { get; init; }
    public required int[] ImageShape { get; init; }
    public required GanRecipe Recipe { get; init; }
    public required GanLoss Loss { get; init; }
    public required PixelRange Pixels { get; init; }
    public required InitScheme Init { get; init; }
    public required LatentDistribution LatentDistribution { get; init; }
    public required int DefaultBatch { get; init; }
    public required float LabelSmoothing { get; init; }
    /// <summary>The declared dropout rate (0 when the model has no dropout layer).</summary>
    public float DropoutRate { get; init; }
    public bool HasDropout { get; init; }
    /// <summary>The declared sigma of the GaussianNoise layers (0 when the model has none).</summary>
    public float InputNoise { get; init; }
    public bool HasInputNoise { get; init; }
    public required AdamSettings GeneratorAdam { get; init; }
    public required AdamSettings DiscriminatorAdam { get; init; }
    public required TensorSpec[] Tensors { get; init; }
    public required LayerSpec[] Layers { get; init; }
    /// <summary>Length of G's parameter buffer (parameters at 64-byte aligned offsets, so a little over the parameter count).</summary>
    public required long GeneratorParameterFloats { get; init; }
    public required long DiscriminatorParameterFloats { get; init; }
    public required long GeneratorStatisticFloats { get; init; }
    public required long DiscriminatorStatisticFloats { get; init; }
    /// <summary>Activation and gradient arena, floats per sample: a batch of B needs B times this.</summary>
    public required long ArenaFloatsPerSample { get; init; }
    /// <summary>Batch-independent scratch (batch-norm saved statistics; on the device also <see cref="DeviceScratchFloats"/>).</summary>
    public required long ScratchFloats { get; init; }
    /// <summary>The tail of <see cref="ScratchFloats"/> only the device programs write: split reductions' partial sums, Adam's bias corrections.</summary>
    public long DeviceScratchFloats { get; init; }
    /// <summary>Multiply-adds times two of one training step, per sample.</summary>
    public required long FlopsPerSample { get; init; }
    public required ArenaSlot Real { get; init; }
    public required ArenaSlot LatentD { get; init; }
    public required ArenaSlot LatentG { get; init; }
    public required ArenaSlot Fake { get; init; }
    public required ArenaSlot DReal { get; init; }
    public required ArenaSlot DFake { get; init; }
    /// <summary>
    /// The CUDA C source of the step's elementwise, batch-norm, loss, Adam and data kernels (the generator's prelude,
    /// then one entry point per row of <see cref="CudaKernels"/>), for NVRTC with <see cref="CudaKernelSpec.CompileOptions"/>.
    /// </summary>
    public string CudaSource { get; init; } = "";
    public IReadOnlyList<CudaKernelSpec> CudaKernels { get; init; } = [];
    /// <summary>The training step on the GPU: launches of <see cref="CudaKernels"/>, cuBLAS and cuDNN calls and clears, in order.</summary>
    public IReadOnlyList<DeviceOp> DeviceProgram { get; init; } = [];
    /// <summary>
    /// What a fed step runs before <see cref="DeviceProgram"/>: the real batch gathered from the dataset through the
    /// epoch's order at the batch-index counter (then advanced), and LatentD then LatentG filled from the latent counter
    /// (each fill then advancing it), as BatchSource.Fill and LatentSampler.Fill do on the CPU.
    /// </summary>
    public IReadOnlyList<DeviceOp> DeviceFeed { get; init; } = [];
    /// <summary>G(LatentD) into Fake with eval-mode batch norm (running statistics): IGanModel.Generate on the GPU.</summary>
    public IReadOnlyList<DeviceOp> DeviceSample { get; init; } = [];
    /// <summary>G(LatentD) into Fake with training-mode batch norm; the running statistics move as in training.</summary>
    public IReadOnlyList<DeviceOp> DeviceSampleTraining { get; init; } = [];

    public int LatentSize => LatentShape.Aggregate(1, (a, d) => a * d);
    public int ImageSize => ImageShape.Aggregate(1, (a, d) => a * d);
    public (float Low, float High) PixelBounds => Pixels == PixelRange.ZeroOne ? (0f, 1f) : (-1f, 1f);
    public long ArenaBytes(int batch) => (ArenaFloatsPerSample * batch + ScratchFloats) * sizeof(float);
    /// <summary>Trainable parameters of one network (what PyTorch's <c>sum(p.numel())</c> reports).</summary>
    public long ParameterCount(Net net) => Tensors.Where(t => t.Net == net && !t.IsStatistic).Sum(t => t.Length);
    public TensorSpec Tensor(string name) => Tensors.FirstOrDefault(t => t.Name == name)
        ?? throw new DcganException($"model {Name} has no tensor named {name}");
}
