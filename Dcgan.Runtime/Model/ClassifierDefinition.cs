namespace Dcgan.Runtime;

/// <summary>
/// Everything the source generator worked out about one [Classifier] at build time: shapes, the
/// parameter table and the memory plan. Generated code creates one instance per classifier.
/// </summary>
public sealed class ClassifierDefinition
{
    public required string Name { get; init; }
    public required int[] ImageShape { get; init; }
    public required int Classes { get; init; }
    /// <summary>Values per image of the penultimate features (the input of the last Linear).</summary>
    public required int FeatureSize { get; init; }
    public required InitScheme Init { get; init; }
    public required int DefaultBatch { get; init; }
    public required AdamSettings Adam { get; init; }
    public required TensorSpec[] Tensors { get; init; }
    public required LayerSpec[] Layers { get; init; }
    public required long ParameterFloats { get; init; }
    public required long StatisticFloats { get; init; }
    public required long ArenaFloatsPerSample { get; init; }
    public required long ScratchFloats { get; init; }
    /// <summary>Multiply-adds times two of one training step, per sample.</summary>
    public required long FlopsPerSample { get; init; }
    public required ArenaSlot Images { get; init; }
    /// <summary>Each image's class index, stored as a float.</summary>
    public required ArenaSlot Labels { get; init; }
    public required ArenaSlot Logits { get; init; }
    public required ArenaSlot Features { get; init; }
    /// <summary>
    /// The CUDA C source of the step's elementwise, batch-norm, loss, Adam and data kernels (the generator's prelude,
    /// then one entry point per row of <see cref="CudaKernels"/>), for NVRTC with <see cref="CudaKernelSpec.CompileOptions"/>.
    /// </summary>
    public string CudaSource { get; init; } = "";
    public IReadOnlyList<CudaKernelSpec> CudaKernels { get; init; } = [];

    public int ImageSize => ImageShape.Aggregate(1, (a, d) => a * d);
    public long ParameterCount => Tensors.Where(t => !t.IsStatistic).Sum(t => t.Length);
}
