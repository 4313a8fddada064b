namespace Dcgan.Runtime;

/// <summary>
/// All memory of a GAN at one batch size: both networks' buffers, the activation arena laid
/// out by the generator's memory plan, and the last step's losses. Allocated once; a step
/// allocates nothing.
/// </summary>
public sealed class GanState : IDisposable
{
    public GanState(GanDefinition definition, int batch)
    {
        if (batch < 1) throw new DcganException($"batch size must be at least 1, got {batch}");
        Definition = definition;
        Batch = batch;
        Generator = new NetworkState(definition.GeneratorParameterFloats, definition.GeneratorStatisticFloats, definition.GeneratorAdam);
        Discriminator = new NetworkState(definition.DiscriminatorParameterFloats, definition.DiscriminatorStatisticFloats, definition.DiscriminatorAdam);
        Arena = new NativeBuffer(definition.ArenaFloatsPerSample * batch);
        Scratch = new NativeBuffer(definition.ScratchFloats);
        LabelSmoothing = definition.LabelSmoothing;
    }

    public GanDefinition Definition { get; }
    public int Batch { get; }
    public NetworkState Generator { get; }
    public NetworkState Discriminator { get; }
    public NativeBuffer Arena { get; }
    public NativeBuffer Scratch { get; }

    public float DLoss { get; set; }
    public float GLoss { get; set; }
    /// <summary>The real and fake terms of D's loss (D's loss is their sum, or their mean in the averaged recipe).</summary>
    public float DLossReal { get; set; }
    public float DLossFake { get; set; }

    /// <summary>Two-sided smoothing of D's targets; starts at the declared value.</summary>
    public float LabelSmoothing { get; set; }
    public float RealTarget => 1f - LabelSmoothing / 2f;
    public float FakeTarget => LabelSmoothing / 2f;

    public NetworkState Network(Net net) => net == Net.Generator ? Generator : Discriminator;

    public Span<float> Real => Slot(Definition.Real);
    public Span<float> LatentD => Slot(Definition.LatentD);
    public Span<float> LatentG => Slot(Definition.LatentG);
    public Span<float> Fake => Slot(Definition.Fake);
    public Span<float> DReal => Slot(Definition.DReal);
    public Span<float> DFake => Slot(Definition.DFake);

    /// <summary>A stored tensor's values (a parameter or a running statistic).</summary>
    public Span<float> Tensor(TensorSpec spec)
    {
        var net = Network(spec.Net);
        return (spec.IsStatistic ? net.Statistics : net.Parameters).Span(spec.Offset, spec.Length);
    }

    /// <summary>The gradient of a parameter from the last backward pass of its network.</summary>
    public Span<float> Gradient(TensorSpec spec)
    {
        if (spec.IsStatistic) throw new ArgumentException($"{spec.Name} is a running statistic; it has no gradient");
        return Network(spec.Net).Gradients.Span(spec.Offset, spec.Length);
    }

    private Span<float> Slot(ArenaSlot slot) => Arena.Span(slot.OffsetPerSample * Batch, slot.LengthPerSample * Batch);

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
        Arena.Dispose();
        Scratch.Dispose();
    }
}
