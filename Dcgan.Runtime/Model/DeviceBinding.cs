namespace Dcgan.Runtime;

/// <summary>The device memory a program's operand lives in.</summary>
public enum DeviceMemory
{
    /// <summary>The activation arena; the offset is per sample, so the operand starts at offset * n.</summary>
    Arena,
    /// <summary>Batch-norm statistics a forward pass saves for its backward pass (fixed size).</summary>
    Scratch,
    Parameters,
    Gradients,
    AdamM,
    AdamV,
    /// <summary>Running batch-norm statistics.</summary>
    Statistics,
    /// <summary>The step's loss terms, one float each (<see cref="DeviceLoss"/>).</summary>
    Losses,
    /// <summary>The step's device counters, one unsigned 64-bit word each (<see cref="DeviceCounter"/>).</summary>
    Counters,
    /// <summary>The dataset's 8-bit images, uploaded once (bytes; the offset is in bytes).</summary>
    Dataset,
    /// <summary>The epoch's order of the dataset's images (32-bit ints), uploaded at each epoch's start.</summary>
    Order,
    /// <summary>Not memory: a value the launch passes (<see cref="DeviceScalar"/>).</summary>
    Scalar,
    /// <summary>Not memory: the batch n, chosen at run time.</summary>
    Batch,
}

/// <summary>The device counters of a training step, by their index in the counter buffer.</summary>
public enum DeviceCounter
{
    /// <summary>Training steps taken (GanState.Step); dropout and noise draw from step &lt;&lt; 32.</summary>
    Step,
    GeneratorAdamStep,
    DiscriminatorAdamStep,
    /// <summary>The batch of the epoch the next fed step gathers (BatchSource.Fill's index); set at an epoch's start.</summary>
    BatchIndex,
    /// <summary>The latent stream's position in words (LatentSampler.Counter), saved in checkpoints.</summary>
    Latent,
}

/// <summary>The loss terms a step writes, by their index in the loss buffer.</summary>
public enum DeviceLoss
{
    DLossReal,
    DLossFake,
    GLoss,
}

/// <summary>A value a launch passes by value: the run's settings, read when the step is launched.</summary>
public enum DeviceScalar
{
    /// <summary>D's target on real images (1 less half the label smoothing).</summary>
    RealTarget,
    FakeTarget,
    /// <summary>1: G's loss scores D(G(z)) against the real label, unsmoothed.</summary>
    One,
    DropoutRate,
    InputNoise,
    /// <summary>The seed of the step's own draws (GanState.Seed).</summary>
    Seed,
    /// <summary>The Philox stream of the training latents (3, as LatentSampler's in CpuGanDevice).</summary>
    LatentStream,
    /// <summary>The Adam settings of the binding's network.</summary>
    LearningRate,
    Beta1,
    Beta2,
    Eps,
    WeightDecay,
}

/// <summary>
/// One operand of a device operation, by the name the operation gives it (a kernel's C parameter, or a library
/// operand's role): where it lives and at what offset in floats (in words for counters, per sample in the arena).
/// </summary>
public readonly record struct DeviceBinding(string Name, DeviceMemory Buffer, long Offset = 0, Net Net = Net.Generator, DeviceScalar Scalar = DeviceScalar.One)
{
    public static DeviceBinding Arena(string name, long offsetPerSample) => new(name, DeviceMemory.Arena, offsetPerSample);
    public static DeviceBinding Scratch(string name, long offset) => new(name, DeviceMemory.Scratch, offset);
    public static DeviceBinding Parameters(string name, Net net, long offset) => new(name, DeviceMemory.Parameters, offset, net);
    public static DeviceBinding Gradients(string name, Net net, long offset) => new(name, DeviceMemory.Gradients, offset, net);
    public static DeviceBinding AdamM(string name, Net net) => new(name, DeviceMemory.AdamM, 0, net);
    public static DeviceBinding AdamV(string name, Net net) => new(name, DeviceMemory.AdamV, 0, net);
    public static DeviceBinding Statistics(string name, Net net, long offset) => new(name, DeviceMemory.Statistics, offset, net);
    public static DeviceBinding Loss(string name, DeviceLoss loss) => new(name, DeviceMemory.Losses, (long)loss);
    public static DeviceBinding Counter(string name, DeviceCounter counter) => new(name, DeviceMemory.Counters, (long)counter);
    public static DeviceBinding Value(string name, DeviceScalar scalar, Net net = Net.Generator) => new(name, DeviceMemory.Scalar, 0, net, scalar);
    public static DeviceBinding BatchSize(string name) => new(name, DeviceMemory.Batch);
    public static DeviceBinding Dataset(string name) => new(name, DeviceMemory.Dataset);
    public static DeviceBinding Order(string name) => new(name, DeviceMemory.Order);

    public override string ToString() => Buffer switch
    {
        DeviceMemory.Arena => $"{Name} = arena + {Offset} n",
        DeviceMemory.Scalar => $"{Name} = {Scalar}" + (Scalar >= DeviceScalar.LearningRate ? $" ({Net})" : ""),
        DeviceMemory.Batch => $"{Name} = n",
        DeviceMemory.Counters => $"{Name} = counter {(DeviceCounter)Offset}",
        DeviceMemory.Losses => $"{Name} = loss {(DeviceLoss)Offset}",
        DeviceMemory.Scratch => $"{Name} = scratch + {Offset}",
        DeviceMemory.Dataset => $"{Name} = dataset + {Offset}",
        DeviceMemory.Order => $"{Name} = order + {Offset}",
        _ => $"{Name} = {Net} {Buffer} + {Offset}",
    };
}
