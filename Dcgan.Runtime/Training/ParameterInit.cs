namespace Dcgan.Runtime;

/// <summary>
/// Starting values for a fresh run, by the scheme the GAN declares (reference.py's <c>initialise</c>),
/// or by the fixtures' <c>hash/1</c> formula. Running statistics always start at mean 0, variance 1.
/// </summary>
public static class ParameterInit
{
    /// <summary>The values of one stored tensor of a state.</summary>
    public delegate Span<float> TensorValues(TensorSpec spec);

    public static void Initialise(GanState state, InitScheme scheme, ulong seed) => Initialise(state.Definition.Tensors, state.Tensor, scheme, seed);

    public static void Initialise(ClassifierState state, ulong seed) => Initialise(state.Definition.Tensors, state.Tensor, state.Definition.Init, seed);

    private static void Initialise(TensorSpec[] tensors, TensorValues tensor, InitScheme scheme, ulong seed)
    {
        // One Philox stream per purpose, so changing the data order never changes the weights.
        var random = new Philox(seed, stream: 1);
        foreach (var spec in tensors)
        {
            var values = tensor(spec);
            switch (spec.Role)
            {
                case TensorRole.RunningMean: values.Fill(0f); break;
                case TensorRole.RunningVar: values.Fill(1f); break;
                case TensorRole.BatchNormWeight:
                    if (scheme == InitScheme.DcganNormal) Normal(ref random, values, 1f, 0.02f);
                    else values.Fill(1f);
                    break;
                case TensorRole.BatchNormBias: values.Fill(0f); break;
                case TensorRole.Weight:
                    if (scheme == InitScheme.DcganNormal && spec.Shape.Length == 4) Normal(ref random, values, 0f, 0.02f);
                    else if (scheme == InitScheme.GlorotUniform) Uniform(ref random, values, GlorotBound(spec));
                    else Uniform(ref random, values, KaimingUniformBound(spec.FanIn));
                    break;
                case TensorRole.Bias:
                    if (scheme == InitScheme.GlorotUniform) values.Fill(0f);
                    else Uniform(ref random, values, KaimingUniformBound(spec.FanIn));
                    break;
            }
        }
    }

    /// <summary>The fixtures' deterministic starting values (FORMAT.md, <c>hash/1</c>).</summary>
    public static void InitialiseHash(GanState state, ulong seed)
    {
        foreach (var spec in state.Definition.Tensors)
            HashInit.Fill(spec.Name, seed, spec.Role, spec.FanIn, state.Tensor(spec));
    }

    // PyTorch's default for Linear and Conv: kaiming_uniform_(a = sqrt(5)) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and so is the bias.
    private static float KaimingUniformBound(int fanIn) => fanIn > 0 ? (float)(1.0 / Math.Sqrt(fanIn)) : 0f;

    private static float GlorotBound(TensorSpec spec)
    {
        // PyTorch's xavier_uniform_: fan_in = shape[1] * receptive field, fan_out = shape[0] * receptive field.
        long receptive = spec.Shape.Skip(2).Aggregate(1L, (a, d) => a * d);
        double fanIn = spec.Shape[1] * receptive, fanOut = spec.Shape[0] * receptive;
        return (float)Math.Sqrt(6.0 / (fanIn + fanOut));
    }

    private static void Uniform(ref Philox random, Span<float> values, float bound) => random.FillUniform(values, -bound, bound);

    private static void Normal(ref Philox random, Span<float> values, float mean, float std)
    {
        random.FillNormal(values);
        foreach (ref var v in values) v = mean + std * v;
    }
}
