using System.Globalization;

namespace Dcgan.Runtime;

/// <summary>
/// Where a run stands, as a checkpoint records it: the global step, the epoch in progress (1-based) and
/// how many of its steps are done, and the latent stream's position. With the seed and batch size these
/// fix everything the next step draws: the epoch's data order is replayed from the seed, dropout and noise
/// are keyed by the step.
/// </summary>
internal readonly record struct RunPosition(long Step, int Epoch, int StepInEpoch, ulong LatentCounter = 0)
{
    /// <summary>The checkpoint metadata beyond what <see cref="Checkpoint.Save"/> writes itself (step, epoch).</summary>
    public static Dictionary<string, string> Metadata(ulong seed, int batch, int stepInEpoch, ulong latentCounter) => new()
    {
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["batch_size"] = batch.ToString(CultureInfo.InvariantCulture),
        ["step_in_epoch"] = stepInEpoch.ToString(CultureInfo.InvariantCulture),
        ["latent_counter"] = latentCounter.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Where the next step starts: an epoch's end goes on at the next epoch's first step.</summary>
    public RunPosition Continuation(int stepsPerEpoch) => StepInEpoch == stepsPerEpoch ? this with { Epoch = Epoch + 1, StepInEpoch = 0 } : this;

    /// <summary>Loads <paramref name="path"/> into <paramref name="state"/> and returns the position it records (<see cref="Continuation"/> is where the run goes on).</summary>
    public static RunPosition Resume(string path, GanState state, int batch, ulong seed, int stepsPerEpoch)
    {
        var metadata = Checkpoint.Load(path, state);
        ulong savedSeed = Number(metadata, path, "seed", ulong.Parse);
        int savedBatch = Number(metadata, path, "batch_size", int.Parse);
        if (savedSeed != seed || savedBatch != batch)
            throw new DcganException($"{path}: made with seed {savedSeed} and batch size {savedBatch}; resuming with seed {seed} and batch size {batch} would not continue that run");
        long step = Number(metadata, path, "step", long.Parse);
        int epoch = Number(metadata, path, "epoch", int.Parse);
        int inEpoch = Number(metadata, path, "step_in_epoch", int.Parse);
        ulong latents = Number(metadata, path, "latent_counter", ulong.Parse);
        if (step < 0 || epoch < 1 || inEpoch < 0 || inEpoch > stepsPerEpoch || step != (long)(epoch - 1) * stepsPerEpoch + inEpoch)
            throw new DcganException($"{path}: step {step}, epoch {epoch}, step {inEpoch} of it do not fit {stepsPerEpoch} steps per epoch (another dataset?)");
        state.Step = step;
        return new RunPosition(step, epoch, inEpoch, latents);
    }

    private static T Number<T>(IReadOnlyDictionary<string, string> metadata, string path, string key, Func<string, IFormatProvider, T> parse)
    {
        if (metadata.TryGetValue(key, out var text))
        {
            try { return parse(text, CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is FormatException or OverflowException) { }
        }
        throw new DcganException($"{path}: metadata '{key}' is missing or not a number (a checkpoint from an older dcgan cannot be resumed)");
    }
}
