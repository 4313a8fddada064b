namespace Dcgan.Runtime.Tests.Fuzzing;

/// <summary>
/// A hand-written GanDefinition with a few small tensors (a weight, a bias, batch-norm running statistics), enough
/// for checkpoints to be saved and loaded without the zoo: the Runtime tests do not reference the generated models.
/// </summary>
internal static class TinyGan
{
    public static GanDefinition Definition { get; } = new()
    {
        Name = "tiny",
        LatentShape = [2],
        ImageShape = [1, 2, 2],
        Recipe = default,
        Loss = default,
        Pixels = default,
        Init = default,
        LatentDistribution = default,
        DefaultBatch = 2,
        LabelSmoothing = 0,
        GeneratorAdam = new AdamSettings(2e-4f, 0.5f, 0.999f, 1e-8f, 0),
        DiscriminatorAdam = new AdamSettings(2e-4f, 0.5f, 0.999f, 1e-8f, 0),
        Tensors =
        [
            new TensorSpec("G.0.weight", Net.Generator, TensorRole.Weight, 0, [4, 2], 0, 2),
            new TensorSpec("G.0.bias", Net.Generator, TensorRole.Bias, 0, [4], 16, 0),
            new TensorSpec("G.1.running_mean", Net.Generator, TensorRole.RunningMean, 1, [4], 0, 0),
            new TensorSpec("G.1.running_var", Net.Generator, TensorRole.RunningVar, 1, [4], 16, 0),
            new TensorSpec("D.0.weight", Net.Discriminator, TensorRole.Weight, 0, [1, 4], 0, 4),
        ],
        Layers = [],
        GeneratorParameterFloats = 32,
        DiscriminatorParameterFloats = 16,
        GeneratorStatisticFloats = 32,
        DiscriminatorStatisticFloats = 0,
        ArenaFloatsPerSample = 16,
        ScratchFloats = 16,
        FlopsPerSample = 0,
        Real = default,
        LatentD = default,
        LatentG = default,
        Fake = default,
        DReal = default,
        DFake = default,
    };

    /// <summary>A state whose every value is distinct, counting up from <paramref name="first"/>.</summary>
    public static GanState State(float first)
    {
        var state = new GanState(Definition, 2);
        Fill(state, first);
        return state;
    }

    /// <summary>Sets every value a checkpoint holds, counting up from <paramref name="first"/>, so a load that copies anything shows.</summary>
    public static void Fill(GanState state, float first)
    {
        float next = first;
        foreach (var spec in Definition.Tensors)
        {
            foreach (ref float v in state.Tensor(spec)) v = next++;
            if (spec.IsStatistic) continue;
            foreach (ref float v in state.Network(spec.Net).AdamM.Span(spec.Offset, spec.Length)) v = next++;
            foreach (ref float v in state.Network(spec.Net).AdamV.Span(spec.Offset, spec.Length)) v = next++;
        }
        state.Generator.AdamStep = 3;
        state.Discriminator.AdamStep = 3;
    }

    /// <summary>Every value a checkpoint load may write, for comparing before and after.</summary>
    public static float[] Snapshot(GanState state)
    {
        var values = new List<float>();
        foreach (var spec in Definition.Tensors)
        {
            values.AddRange(state.Tensor(spec).ToArray());
            if (spec.IsStatistic) continue;
            values.AddRange(state.Network(spec.Net).AdamM.Span(spec.Offset, spec.Length).ToArray());
            values.AddRange(state.Network(spec.Net).AdamV.Span(spec.Offset, spec.Length).ToArray());
        }
        values.Add(state.Generator.AdamStep);
        values.Add(state.Discriminator.AdamStep);
        return [.. values];
    }
}
