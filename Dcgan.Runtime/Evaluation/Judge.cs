using System.Globalization;

namespace Dcgan.Runtime.Evaluation;

/// <summary>What the judge says about a set of images: each one's features, top class and its probability.</summary>
public sealed record JudgeVerdict(float[] Features, int FeatureSize, int[] Classes, float[] Confidence)
{
    public int Count => Classes.Length;
}

/// <summary>
/// A trained classifier used as a fixed measuring instrument: it takes 28x28 grey images with pixels in
/// [0, 1], and returns its penultimate features (for FID) and its softmax verdict (for the class
/// histogram). Weights are loaded from a safetensors file of format <see cref="Format"/>.
/// </summary>
public sealed class Judge : IDisposable
{
    public const string Format = "dcgan-judge/1";
    private const int Batch = 500;
    private readonly IClassifierModel _model;
    private readonly ClassifierState _state;

    public Judge(IClassifierModel model)
    {
        _model = model;
        _state = new ClassifierState(model.Definition, Batch);
    }

    public ClassifierDefinition Definition => _model.Definition;
    /// <summary>The metadata the weights were saved with (accuracy, command, ...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = new Dictionary<string, string>();

    /// <summary>Loads weights written by <see cref="Save"/>; messages name the file by its path.</summary>
    public void Load(SafeTensorsFile file)
    {
        string name = file.Path;
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new DcganException($"{name}: not a judge's weights (no {Format} format in its metadata)");
        if (!file.Metadata.TryGetValue("model", out var model) || model != Definition.Name)
            throw new DcganException($"{name}: weights of '{model}', not of the judge {Definition.Name}");
        // Every tensor is checked before the first is copied, as a checkpoint is.
        var values = Definition.Tensors.Select(spec => (spec, Checkpoint.Checked(file, spec.Name, spec))).ToList();
        foreach (var (spec, data) in values) data.CopyTo(_state.Tensor(spec));
        Metadata = file.Metadata;
    }

    /// <summary>The network's state, for training it in place.</summary>
    internal ClassifierState State => _state;

    public void Save(string path, IReadOnlyDictionary<string, string> metadata)
    {
        var all = new Dictionary<string, string>(metadata) { ["format"] = Format, ["model"] = Definition.Name };
        SafeTensorsWriter.Write(path, all, Definition.Tensors.Select(t => (t.Name, t.Shape, (ReadOnlyMemory<float>)_state.Tensor(t).ToArray())));
    }

    /// <summary>
    /// Features, top class and its probability for <paramref name="images"/> (count x 784 values in [0, 1]).
    /// Images of another size, or with values outside [0, 1], are refused: the judge was trained on MNIST's range.
    /// </summary>
    public JudgeVerdict Assess(ReadOnlySpan<float> images, string source)
    {
        int size = Definition.ImageSize;
        if (images.Length == 0 || images.Length % size != 0)
            throw new DcganException($"{source}: the judge takes {string.Join("x", Definition.ImageShape)} images ({size} values each); got {images.Length} values");
        for (int i = 0; i < images.Length; i++)
            if (!(images[i] >= 0f && images[i] <= 1f))
                throw new DcganException($"{source}: image {i / size} has a value {images[i].ToString(CultureInfo.InvariantCulture)} outside [0, 1]; the judge takes pixels in [0, 1]");

        int count = images.Length / size, classes = Definition.Classes, featureSize = Definition.FeatureSize;
        var features = new float[(long)count * featureSize];
        var top = new int[count];
        var confidence = new float[count];
        for (int done = 0; done < count; done += Batch)
        {
            int take = Math.Min(Batch, count - done);
            _state.Images.Clear();
            images.Slice(done * size, take * size).CopyTo(_state.Images);
            _model.Classify(_state);
            _state.Features[..(take * featureSize)].CopyTo(features.AsSpan(done * featureSize));
            var logits = _state.Logits;
            for (int i = 0; i < take; i++)
            {
                var row = logits.Slice(i * classes, classes);
                int best = 0;
                for (int k = 1; k < classes; k++) if (row[k] > row[best]) best = k;
                double sum = 0;
                for (int k = 0; k < classes; k++) sum += Math.Exp(row[k] - row[best]);
                top[done + i] = best;
                confidence[done + i] = (float)(1 / sum);
            }
        }
        return new JudgeVerdict(features, featureSize, top, confidence);
    }

    /// <summary>Pixels in [0, 1] from MNIST-style bytes.</summary>
    public static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) values[i] = bytes[i] / 255f;
        return values;
    }

    public void Dispose() => _state.Dispose();
}
