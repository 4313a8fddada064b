using System.Globalization;
using Dcgan.Runtime.IO;

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
        => Load(SafeTensorsFile.Read(path), state, includeOptimizer);

    /// <summary>
    /// Loads an already-read checkpoint file into <paramref name="state"/>. Every tensor and counter is checked
    /// before the first is copied, so a refused checkpoint leaves the state as it was.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Load(SafeTensorsFile file, GanState state, bool includeOptimizer = true)
    {
        string path = file.Path;
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new DcganException($"{path}: not a dcgan checkpoint (format '{format ?? "none"}', expected {Format})");
        string model = file.Metadata.TryGetValue("model", out var m) ? m : "?";
        if (model != state.Definition.Name)
            throw new DcganException($"{path}: this checkpoint is of model '{model}', not '{state.Definition.Name}'");
        var copies = new List<(float[] Source, TensorSpec Spec, Func<GanState, TensorSpec, Span<float>> Destination)>();
        foreach (var spec in state.Definition.Tensors)
        {
            copies.Add((Checked(file, spec.Name, spec), spec, static (s, t) => s.Tensor(t)));
            if (spec.IsStatistic || !includeOptimizer) continue;
            copies.Add((Checked(file, $"optimizer.{spec.Name}.exp_avg", spec), spec, static (s, t) => s.Network(t.Net).AdamM.Span(t.Offset, t.Length)));
            copies.Add((Checked(file, $"optimizer.{spec.Name}.exp_avg_sq", spec), spec, static (s, t) => s.Network(t.Net).AdamV.Span(t.Offset, t.Length)));
        }
        int gSteps = includeOptimizer ? MetaInt(file, "g_adam_step") : 0, dSteps = includeOptimizer ? MetaInt(file, "d_adam_step") : 0;

        foreach (var (source, spec, destination) in copies)
            source.CopyTo(destination(state, spec));
        if (includeOptimizer)
        {
            state.Generator.AdamStep = gSteps;
            state.Discriminator.AdamStep = dSteps;
        }
        return file.Metadata;
    }

    /// <summary>The tensor's values, once its shape is the model's and every value is finite (checkpoints and the judge's weights).</summary>
    internal static float[] Checked(SafeTensorsFile file, string name, TensorSpec spec)
    {
        var tensor = file.Get(name);
        if (!tensor.Shape.SequenceEqual(spec.Shape))
            throw new DcganException($"{file.Path}: {name} has shape [{string.Join(", ", tensor.Shape)}], the model expects {spec.ShapeText}");
        int bad = Array.FindIndex(tensor.Data, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new DcganException($"{file.Path}: {name} holds a non-finite value ({tensor.Data[bad]} at element {bad}); checkpoint values must be finite");
        return tensor.Data;
    }

    private static int MetaInt(SafeTensorsFile file, string key)
        => file.Metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0
            ? v : throw new DcganException($"{file.Path}: metadata '{key}' is missing or not a count");
}
