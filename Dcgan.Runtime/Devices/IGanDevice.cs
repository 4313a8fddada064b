namespace Dcgan.Runtime;

/// <summary>What a training step leaves for the trainer to log: both losses and D's mean verdicts (as probabilities).</summary>
public readonly record struct StepResult(float DLoss, float GLoss, double MeanDOfReal, double MeanDOfFake);

/// <summary>
/// A compiled GAN on one device at one batch size: the one runtime interface that training, sampling, benchmarks,
/// parity and evaluation go through. The CPU backend (<see cref="CpuGanDevice"/>) runs the generated C# step on host
/// memory; a GPU backend runs the generated device program on its own memory and mirrors it in <see cref="Host"/>.
/// <para>
/// The state a checkpoint holds lives in <see cref="Host"/> (parameters, Adam moments, running statistics, step
/// counters, the run's settings): <see cref="Download"/> brings the device's into it, <see cref="Upload"/> sends it.
/// On the CPU both are free, since the host state is the device's memory.
/// </para>
/// </summary>
public interface IGanDevice : IDisposable
{
    GanDefinition Definition { get; }

    int Batch { get; }

    /// <summary>Where the step runs, for logs and reports: <c>cpu avx512</c>, <c>cuda:0 NVIDIA H200</c>.</summary>
    string Name { get; }

    /// <summary>The host's copy of the state: what checkpoints are written from and loaded into, and parity compares.</summary>
    GanState Host { get; }

    /// <summary>Sends <see cref="Host"/> to the device: after initialising it, loading a checkpoint or changing a setting.</summary>
    void Upload();

    /// <summary>Brings the device's state into <see cref="Host"/>: parameters, gradients, Adam moments, statistics, counters, the step's inputs and outputs.</summary>
    void Download();

    /// <summary>The dataset the fed step draws from, 8-bit, <paramref name="count"/> images of the model's size; kept on the device.</summary>
    void UseDataset(byte[] images, int count);

    /// <summary>The next epoch's order of the dataset (a Philox permutation from the run's seed, stream 2).</summary>
    void StartEpoch();

    /// <summary>The latent stream's position (Philox stream 3 of the run's seed), saved in checkpoints.</summary>
    ulong LatentCounter { get; set; }

    /// <summary>One training step on batch <paramref name="batchIndex"/> of this epoch and the next latents of the stream.</summary>
    StepResult TrainStep(int batchIndex);

    /// <summary>One training step on the inputs already in <see cref="Host"/>'s Real, LatentD and LatentG slots (parity's fixtures).</summary>
    StepResult TrainStepOnHostInputs();

    /// <summary>
    /// G(z) for every vector of <paramref name="latents"/>, a batch at a time: eval-mode batch norm by default; in
    /// training mode each batch by its own statistics (the count must then fill whole batches).
    /// </summary>
    void Generate(ReadOnlySpan<float> latents, Span<float> images, BatchNormMode batchNorm = BatchNormMode.Eval);
}
