using System.Globalization;

namespace Dcgan.Runtime;

/// <summary>
/// A run's state as safetensors: parameters and running statistics under PyTorch's names and
/// layouts (<c>G.4.weight</c>), Adam moments as <c>optimizer.G.4.weight.exp_avg</c> /
/// <c>.exp_avg_sq</c>, counters in the metadata. Written to a temporary file and renamed.
/// </summary>
public static class Checkpoint
{
    public const string Format = "dcgan-checkpoint/1";

    public static void Save(string path, GanState state, long step, int epoch, IReadOnlyDictionary<string, string>? extra = null)
    {
        var definition = state.Definition;
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["model"] = definition.Name,
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["g_adam_step"] = state.Generator.AdamStep.ToString(CultureInfo.InvariantCulture),
            ["d_adam_step"] = state.Discriminator.AdamStep.ToString(CultureInfo.InvariantCulture),
        };
        if (extra is not null)
            foreach (var pair in extra) metadata[pair.Key] = pair.Value;

        var tensors = new List<(string, int[], ReadOnlyMemory<float>)>();
        foreach (var spec in definition.Tensors)
        {
            tensors.Add((spec.Name, spec.Shape, state.Tensor(spec).ToArray()));
            if (spec.IsStatistic) continue;
            var net = state.Network(spec.Net);
            tensors.Add(($"optimizer.{spec.Name}.exp_avg", spec.Shape, net.AdamM.Span(spec.Offset, spec.Length).ToArray()));
            tensors.Add(($"optimizer.{spec.Name}.exp_avg_sq", spec.Shape, net.AdamV.Span(spec.Offset, spec.Length).ToArray()));
        }
        SafeTensorsWriter.Write(path, metadata, tensors);
    }

    /// <summary>Loads a checkpoint into <paramref name="state"/>; refuses one made for another model or with missing or misshapen tensors.</summary>
    public static IReadOnlyDictionary<string, string> Load(string path, GanState state, bool includeOptimizer = true)
    {
        var file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new DcganException($"{path}: not a dcgan checkpoint (format '{format ?? "none"}', expected {Format})");
        string model = file.Metadata.TryGetValue("model", out var m) ? m : "?";
        if (model != state.Definition.Name)
            throw new DcganException($"{path}: this checkpoint is of model '{model}', not '{state.Definition.Name}'");
        foreach (var spec in state.Definition.Tensors)
        {
            Copy(file, spec.Name, spec, state.Tensor(spec));
            if (spec.IsStatistic || !includeOptimizer) continue;
            var net = state.Network(spec.Net);
            Copy(file, $"optimizer.{spec.Name}.exp_avg", spec, net.AdamM.Span(spec.Offset, spec.Length));
            Copy(file, $"optimizer.{spec.Name}.exp_avg_sq", spec, net.AdamV.Span(spec.Offset, spec.Length));
        }
        if (includeOptimizer)
        {
            state.Generator.AdamStep = MetaInt(file, "g_adam_step");
            state.Discriminator.AdamStep = MetaInt(file, "d_adam_step");
        }
        return file.Metadata;
    }

    private static void Copy(SafeTensorsFile file, string name, TensorSpec spec, Span<float> destination)
    {
        var tensor = file.Get(name);
        if (!tensor.Shape.SequenceEqual(spec.Shape))
            throw new DcganException($"{file.Path}: {name} has shape [{string.Join(", ", tensor.Shape)}], the model expects {spec.ShapeText}");
        foreach (var v in tensor.Data)
            if (!float.IsFinite(v)) throw new DcganException($"{file.Path}: {name} holds a non-finite value");
        tensor.Data.CopyTo(destination);
    }

    private static int MetaInt(SafeTensorsFile file, string key)
        => file.Metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0
            ? v : throw new DcganException($"{file.Path}: metadata '{key}' is missing or not a count");
}
