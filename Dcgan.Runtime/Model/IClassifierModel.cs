namespace Dcgan.Runtime;

/// <summary>A classifier compiled by the source generator: its definition, training step and eval pass.</summary>
public interface IClassifierModel
{
    ClassifierDefinition Definition { get; }

    /// <summary>
    /// One step: forward in training mode on <see cref="ClassifierState.Images"/>, softmax cross-entropy against
    /// <see cref="ClassifierState.Labels"/> (the loss and the number classified right land in the state), backward, Adam.
    /// </summary>
    void TrainStep(ClassifierState state);

    /// <summary>Eval mode (running batch-norm statistics, no dropout): logits and penultimate features of <see cref="ClassifierState.Images"/>.</summary>
    void Classify(ClassifierState state);
}
