using System.Globalization;
using System.Text.Json;
using Dcgan.Runtime;

namespace Dcgan.Cli;

/// <summary>
/// <c>train --resume RUN_DIR|CHECKPOINT</c>: the run directory, the checkpoint to continue from (the newest
/// <c>checkpoints/step_NNNNNNN.safetensors</c> when given a directory) and the settings the run was started
/// with, from its config.json.
/// </summary>
public sealed record ResumeTarget(string RunDirectory, string Checkpoint, string Model, string Dataset, int BatchSize, ulong Seed,
    int Epochs, long MaxSteps, float LabelSmoothing, float? Dropout, float? InputNoise)
{
    public static ResumeTarget Find(string path)
    {
        string runDirectory, checkpoint;
        if (Directory.Exists(path))
        {
            runDirectory = path;
            string checkpoints = Path.Combine(path, "checkpoints");
            checkpoint = (Directory.Exists(checkpoints) ? Directory.GetFiles(checkpoints, "step_*.safetensors").Order(StringComparer.Ordinal).LastOrDefault() : null)
                ?? throw new UsageException($"--resume {path}: no checkpoints/step_*.safetensors in that run directory");
        }
        else if (File.Exists(path))
        {
            checkpoint = path;
            runDirectory = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? ".";
        }
        else
        {
            throw new UsageException($"--resume {path}: no such run directory or checkpoint");
        }

        string configPath = Path.Combine(runDirectory, "config.json");
        if (!File.Exists(configPath))
            throw new UsageException($"--resume {path}: {configPath} is missing, so the run's settings are unknown");
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllBytes(configPath));
            var root = config.RootElement;
            float? Optional(string key) => root.TryGetProperty(key, out var v) ? v.GetSingle() : null;
            return new ResumeTarget(runDirectory, checkpoint,
                Model: root.GetProperty("model").GetString() ?? "",
                Dataset: root.GetProperty("dataset").GetString() ?? "",
                BatchSize: root.GetProperty("batch_size").GetInt32(),
                Seed: root.GetProperty("seed").GetUInt64(),
                Epochs: root.GetProperty("epochs").GetInt32(),
                MaxSteps: root.GetProperty("max_steps").GetInt64(),
                LabelSmoothing: root.GetProperty("label_smoothing").GetSingle(),
                Dropout: Optional("dropout"),
                InputNoise: Optional("input_noise"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DcganException($"{configPath}: not a dcgan run's config.json ({e.Message})");
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Checkpoint} ({Model}, batch {BatchSize}, seed {Seed})");
}
