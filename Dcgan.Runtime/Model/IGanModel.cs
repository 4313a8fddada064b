namespace Dcgan.Runtime;

/// <summary>
/// A GAN compiled by the source generator: its build-time definition and the static
/// training step emitted for it. Implemented by generated code on each [Gan] class.
/// </summary>
public interface IGanModel
{
    GanDefinition Definition { get; }

    /// <summary>
    /// One training step of the declared recipe. Reads <see cref="GanState.Real"/>, <see cref="GanState.LatentD"/>
    /// and <see cref="GanState.LatentG"/>; leaves the losses in the state and the fake batch and D's outputs in their slots.
    /// </summary>
    void TrainStep(GanState state);

    /// <summary>
    /// G's forward pass from <see cref="GanState.LatentD"/> into <see cref="GanState.Fake"/>: in eval mode
    /// (running batch-norm statistics, no dropout) by default; in training mode each batch is normalised by its
    /// own statistics, as PyTorch's tutorials sample from a generator they never put in eval mode.
    /// </summary>
    void Generate(GanState state, BatchNormMode batchNorm = BatchNormMode.Eval);
}

/// <summary>How batch norm normalises when G generates: by the running statistics (eval) or by the batch's own (train).</summary>
public enum BatchNormMode
{
    Eval,
    Train,
}
