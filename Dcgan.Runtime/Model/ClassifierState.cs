namespace Dcgan.Runtime;

/// <summary>All memory of a classifier at one batch size: its network's buffers and the activation arena.</summary>
public sealed class ClassifierState : IDisposable
{
    public ClassifierState(ClassifierDefinition definition, int batch)
    {
        if (batch < 1) throw new DcganException($"batch size must be at least 1, got {batch}");
        Definition = definition;
        Batch = batch;
        Network = new NetworkState(definition.ParameterFloats, definition.StatisticFloats, definition.Adam);
        Arena = new NativeBuffer(definition.ArenaFloatsPerSample * batch);
        Scratch = new NativeBuffer(definition.ScratchFloats);
        DropoutRate = 0.5f;
    }

    public ClassifierDefinition Definition { get; }
    public int Batch { get; }
    public NetworkState Network { get; }
    public NativeBuffer Arena { get; }
    public NativeBuffer Scratch { get; }

    /// <summary>The last step's mean cross-entropy.</summary>
    public float Loss { get; set; }
    /// <summary>How many images of the last step's batch had their label as the top logit.</summary>
    public int Correct { get; set; }

    /// <summary>The rate of any dropout layer in training mode.</summary>
    public float DropoutRate { get; set; }
    public float InputNoise { get; set; }
    /// <summary>The seed of the step's own random draws (dropout masks, input noise).</summary>
    public ulong Seed { get; set; }
    public long Step { get; set; }
    public ulong RandomCounter => (ulong)Step << 32;

    public Span<float> Images => Slot(Definition.Images);
    public Span<float> Labels => Slot(Definition.Labels);
    public Span<float> Logits => Slot(Definition.Logits);
    public Span<float> Features => Slot(Definition.Features);

    /// <summary>A stored tensor's values (a parameter or a running statistic).</summary>
    public Span<float> Tensor(TensorSpec spec) => (spec.IsStatistic ? Network.Statistics : Network.Parameters).Span(spec.Offset, spec.Length);

    private Span<float> Slot(ArenaSlot slot) => Arena.Span(slot.OffsetPerSample * Batch, slot.LengthPerSample * Batch);

    public void Dispose()
    {
        Network.Dispose();
        Arena.Dispose();
        Scratch.Dispose();
    }
}
