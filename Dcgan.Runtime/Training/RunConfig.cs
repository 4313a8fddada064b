using System.Text.Json;
using Dcgan.Runtime.IO;

namespace Dcgan.Runtime;

/// <summary>
/// The settings a run was started with, read back from the config.json the trainer wrote, so that
/// <c>train --resume</c> continues the same run. Every value is checked against <see cref="HyperparameterRanges"/>:
/// an edited or damaged file is refused with its name and the key at fault, not trained on.
/// </summary>
/// <param name="GeneratorAdam">The Adam settings G trained with (null in no config.json dcgan writes, but tolerated: the model's own).</param>
public sealed record RunConfig(string Model, string Dataset, int BatchSize, ulong Seed, int Epochs, long MaxSteps,
    float LabelSmoothing, float? Dropout, float? InputNoise, AdamSettings? GeneratorAdam, AdamSettings? DiscriminatorAdam)
{
    /// <summary>A config.json is a few hundred bytes; a megabyte is not one.</summary>
    public const long MaxBytes = 1 << 20;

    /// <summary>The GPU mode a <c>--device cuda</c> run was started in ("gpu_mode"); null for a CPU run or a config.json older than the modes.</summary>
    public Cuda.GpuMode? GpuMode { get; init; }

    public static RunConfig Read(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
                throw new DcganException($"{path}: {info.Length} bytes is too large for a run's config.json");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"{path}: cannot read: {e.Message}", e);
        }
        return Parse(path, bytes);
    }

    /// <summary>Parses config.json's bytes; <paramref name="source"/> names the file in messages.</summary>
    public static RunConfig Parse(string source, byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad(source, "it is not a JSON object");
            var config = new RunConfig(
                Model: Text(root, "model"),
                Dataset: Text(root, "dataset"),
                BatchSize: root.GetProperty("batch_size").GetInt32(),
                Seed: root.GetProperty("seed").GetUInt64(),
                Epochs: root.GetProperty("epochs").GetInt32(),
                MaxSteps: root.GetProperty("max_steps").GetInt64(),
                LabelSmoothing: root.GetProperty("label_smoothing").GetSingle(),
                Dropout: root.TryGetProperty("dropout", out var dropout) ? dropout.GetSingle() : null,
                InputNoise: root.TryGetProperty("input_noise", out var noise) ? noise.GetSingle() : null,
                GeneratorAdam: Adam(root, "g_adam"),
                DiscriminatorAdam: Adam(root, "d_adam"))
            {
                GpuMode = root.TryGetProperty("gpu_mode", out var mode)
                    ? Cuda.GpuModes.Parse(mode.GetString()) ?? throw new FormatException($"'gpu_mode' is '{mode.GetString()}', not {Cuda.GpuModes.Names}")
                    : null,
            };
            config.Check(source);
            return config;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Bad(source, ParseProblem.Describe(e));
        }
    }

    private void Check(string source)
    {
        void Require(bool condition, string key, object? value, string range)
        {
            if (!condition) throw Bad(source, $"{key} is {value}; it must be {range}");
        }
        void RequireIn(HyperparameterRange range, string key, float? value)
            => Require(value is null || range.Contains(value.Value), key, value, range.ToString());
        void RequireAdam(string key, AdamSettings? adam)
        {
            if (adam is not { } a) return;
            RequireIn(HyperparameterRanges.LearningRate, key + ".lr", a.LearningRate);
            RequireIn(HyperparameterRanges.Beta, key + ".beta1", a.Beta1);
            RequireIn(HyperparameterRanges.Beta, key + ".beta2", a.Beta2);
            RequireIn(HyperparameterRanges.AdamEps, key + ".eps", a.Eps);
            RequireIn(HyperparameterRanges.WeightDecay, key + ".weight_decay", a.WeightDecay);
        }
        Require(HyperparameterRanges.BatchSize.Contains(BatchSize), "batch_size", BatchSize, HyperparameterRanges.BatchSize.ToString());
        Require(HyperparameterRanges.Epochs.Contains(Epochs), "epochs", Epochs, HyperparameterRanges.Epochs.ToString());
        Require(MaxSteps >= 0, "max_steps", MaxSteps, "0 or more");
        RequireIn(HyperparameterRanges.LabelSmoothing, "label_smoothing", LabelSmoothing);
        RequireIn(HyperparameterRanges.DropoutRate, "dropout", Dropout);
        RequireIn(HyperparameterRanges.NoiseSigma, "input_noise", InputNoise);
        RequireAdam("g_adam", GeneratorAdam);
        RequireAdam("d_adam", DiscriminatorAdam);
    }

    private static string Text(JsonElement root, string key)
    {
        string value = root.GetProperty(key).GetString() ?? "";
        return value.Length > 0 ? value : throw new FormatException($"'{key}' is empty");
    }

    private static AdamSettings? Adam(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var adam)) return null;
        return new AdamSettings(adam.GetProperty("lr").GetSingle(), adam.GetProperty("beta1").GetSingle(), adam.GetProperty("beta2").GetSingle(),
            adam.GetProperty("eps").GetSingle(), adam.GetProperty("weight_decay").GetSingle());
    }

    private static DcganException Bad(string source, string what) => new($"{source}: not a dcgan run's config.json ({what})");
}
