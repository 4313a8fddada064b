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

    /// <summary>G's forward pass in eval mode (running batch-norm statistics) from <see cref="GanState.LatentD"/> into <see cref="GanState.Fake"/>.</summary>
    void Generate(GanState state);
}
