using System.Globalization;
using Dcgan.Runtime;

namespace Dcgan.App;

/// <summary>
/// <c>train --resume RUN_DIR|CHECKPOINT</c>: the run directory, the checkpoint to continue from (the newest
/// <c>checkpoints/step_NNNNNNN.safetensors</c> when given a directory) and the settings the run was started
/// with, from its config.json.
/// </summary>
public sealed record ResumeTarget(string RunDirectory, string Checkpoint, RunConfig Config)
{
    public string Model => Config.Model;
    public string Dataset => Config.Dataset;
    public int BatchSize => Config.BatchSize;
    public ulong Seed => Config.Seed;
    public int Epochs => Config.Epochs;
    public long MaxSteps => Config.MaxSteps;
    public float LabelSmoothing => Config.LabelSmoothing;
    public float? Dropout => Config.Dropout;
    public float? InputNoise => Config.InputNoise;

    /// <summary>
    /// The run directory <paramref name="path"/> (a run directory or one of its checkpoints) belongs to, refused unless
    /// it holds the run's config.json. Only looks at names, so a second trainer can be refused before it reads the run.
    /// </summary>
    public static string RunDirectoryOf(string path)
    {
        string runDirectory = Directory.Exists(path) ? path
            : File.Exists(path) ? Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? "."
            : throw new UsageException($"--resume {path}: no such run directory or checkpoint");
        string configPath = Path.Combine(runDirectory, "config.json");
        if (!File.Exists(configPath))
            throw new UsageException($"--resume {path}: {configPath} is missing, so the run's settings are unknown");
        return runDirectory;
    }

    public static ResumeTarget Find(string path)
    {
        string runDirectory = RunDirectoryOf(path), checkpoint = path;
        if (Directory.Exists(path))
        {
            string checkpoints = Path.Combine(path, "checkpoints");
            checkpoint = (Directory.Exists(checkpoints) ? Directory.GetFiles(checkpoints, "step_*.safetensors").Order(StringComparer.Ordinal).LastOrDefault() : null)
                ?? throw new UsageException($"--resume {path}: no checkpoints/step_*.safetensors in that run directory");
        }

        string configPath = Path.Combine(runDirectory, "config.json");
        var config = RunConfig.Read(configPath);
        if (ModelCatalog.Find(config.Model) is null)
            throw new DcganException($"{configPath}: the run's model '{config.Model}' is not among this program's models (see: models)");
        try
        {
            TrainingData.Check(config.Dataset);
        }
        catch (UsageException e)
        {
            throw new DcganException($"{configPath}: {e.Message}");
        }
        return new ResumeTarget(runDirectory, checkpoint, config);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Checkpoint} ({Model}, batch {BatchSize}, seed {Seed})");
}
