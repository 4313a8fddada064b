namespace Dcgan.Runtime.Cuda;

/// <summary>
/// The run's settings a device program passes by value (<see cref="DeviceScalar"/>): baked into its launches when it
/// is prepared, so a captured graph replays them. When the host's differ (a rollback's halved learning rates, a
/// changed label smoothing) the program is prepared and captured again.
/// </summary>
public readonly record struct StepSettings(float RealTarget, float FakeTarget, float DropoutRate, float InputNoise, ulong Seed,
    AdamSettings GeneratorAdam, AdamSettings DiscriminatorAdam)
{
    public static StepSettings Of(GanState state) => new(state.RealTarget, state.FakeTarget, state.DropoutRate, state.InputNoise, state.Seed,
        state.Generator.Adam, state.Discriminator.Adam);

    /// <summary>The value of a by-value operand: a float setting, or a 64-bit word (the seed, the latent stream).</summary>
    public object Value(DeviceBinding operand)
    {
        var adam = operand.Net == Net.Generator ? GeneratorAdam : DiscriminatorAdam;
        // Each arm boxed on its own: a switch of floats and ulongs would otherwise convert the seed to float.
        return operand.Scalar switch
        {
            DeviceScalar.RealTarget => (object)RealTarget,
            DeviceScalar.FakeTarget => FakeTarget,
            DeviceScalar.One => 1f,
            DeviceScalar.DropoutRate => DropoutRate,
            DeviceScalar.InputNoise => InputNoise,
            DeviceScalar.Seed => (object)Seed,
            DeviceScalar.LatentStream => (object)LatentSampler.TrainingStream,
            DeviceScalar.LearningRate => adam.LearningRate,
            DeviceScalar.Beta1 => adam.Beta1,
            DeviceScalar.Beta2 => adam.Beta2,
            DeviceScalar.Eps => adam.Eps,
            DeviceScalar.WeightDecay => adam.WeightDecay,
            _ => throw new DcganException($"{operand}: unknown scalar"),
        };
    }

    /// <summary>The value of a by-value operand as the 8-byte launch slot holds it (a float in its low 4 bytes).</summary>
    public ulong Slot(DeviceBinding operand) => Value(operand) switch
    {
        float f => BitConverter.SingleToUInt32Bits(f),
        ulong u => u,
        var other => throw new DcganException($"{operand}: a {other.GetType().Name} cannot be passed by value"),
    };
}
