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
        DropoutRate = definition.DropoutRate;
        InputNoise = definition.InputNoise;
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

    /// <summary>The rate of every dropout layer in training mode; starts at the declared value.</summary>
    public float DropoutRate
    {
        get => _dropoutRate;
        set => _dropoutRate = value >= 0f && value < 1f ? value : throw new DcganException($"the dropout rate must lie in [0, 1), got {value}");
    }

    /// <summary>Sigma of every GaussianNoise layer in training mode; starts at the declared value.</summary>
    public float InputNoise
    {
        get => _inputNoise;
        set => _inputNoise = value >= 0f && float.IsFinite(value) ? value : throw new DcganException($"the input-noise sigma must be a finite number >= 0, got {value}");
    }

    /// <summary>The seed of the step's own random draws (dropout masks, input noise).</summary>
    public ulong Seed { get; set; }

    /// <summary>Training steps taken with this state; each step's random draws start from a counter derived from it.</summary>
    public long Step { get; set; }

    /// <summary>Where this step's draws start in every Philox stream: 2^32 blocks per step, more than any layer needs.</summary>
    public ulong RandomCounter => (ulong)Step << 32;

    private float _dropoutRate, _inputNoise;

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
