using Dcgan.Runtime;
using Dcgan.Runtime.IO;

namespace Dcgan.App;

/// <summary>A trained generator loaded from a checkpoint, turning latent vectors into images (batch norm in eval mode).</summary>
public sealed class CheckpointGenerator : IDisposable
{
    private const int Batch = 64;
    private readonly IGanDevice _device;

    private CheckpointGenerator(IGanModel model, IGanDevice device)
    {
        Model = model;
        _device = device;
    }

    public IGanModel Model { get; }
    public GanDefinition Definition => Model.Definition;

    /// <summary>Opens <paramref name="path"/>: the model named in its metadata, its parameters and running statistics.</summary>
    public static CheckpointGenerator Open(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"{path}: no such checkpoint");
        var metadata = SafeTensorsFile.Read(path).Metadata;
        if (!metadata.TryGetValue("format", out var format) || format != Checkpoint.Format || !metadata.TryGetValue("model", out var name))
            throw new DcganException($"{path}: not a dcgan checkpoint (no {Checkpoint.Format} format and model in its metadata)");
        var model = ModelCatalog.Require(name);
        var device = GanDevices.Open(model, Batch, seed: 0);
        try
        {
            Checkpoint.Load(path, device.Host, includeOptimizer: false);
            device.Upload();
        }
        catch
        {
            device.Dispose();
            throw;
        }
        return new CheckpointGenerator(model, device);
    }

    /// <summary>Images for <paramref name="latents"/> (count x latent size), count x image size values in the model's pixel range, batch norm in eval mode.</summary>
    public float[] Render(ReadOnlySpan<float> latents)
    {
        var images = new float[(long)(latents.Length / Definition.LatentSize) * Definition.ImageSize];
        _device.Generate(latents, images);
        return images;
    }

    /// <summary>
    /// Images with training-mode batch norm: each run of <paramref name="batch"/> latents is normalised by its own
    /// statistics (a last shorter run by its own), so an image depends on the others in its batch, as in PyTorch
    /// when G was never put in eval mode.
    /// </summary>
    public float[] RenderWithBatchStatistics(ReadOnlySpan<float> latents, int batch)
    {
        int latentSize = Definition.LatentSize, imageSize = Definition.ImageSize;
        int count = latents.Length / latentSize, whole = count / batch * batch;
        var images = new float[(long)count * imageSize];
        foreach (var (start, size) in new[] { (0, whole), (whole, count - whole) })
        {
            if (size == 0) continue;
            using var device = CopyOfGenerator(size == whole ? batch : size);
            device.Generate(latents.Slice(start * latentSize, size * latentSize), images.AsSpan(start * imageSize, size * imageSize), BatchNormMode.Train);
        }
        return images;
    }

    /// <summary>Eval-mode images from the latents of <paramref name="seed"/> as 28x28 MNIST-style bytes, for the judge.</summary>
    public byte[] Digits(int count, ulong seed) => Dcgan.Runtime.Evaluation.DigitEvaluator.Digits(_device, count, seed);

    /// <summary>The generator as an ONNX model (see <see cref="Dcgan.Runtime.Export.OnnxExport"/>).</summary>
    public byte[] ExportOnnx(IReadOnlyDictionary<string, string>? metadata = null) => Dcgan.Runtime.Export.OnnxExport.Generator(_device.Host, metadata);

    /// <summary>A device of another batch size holding this checkpoint's generator (parameters and running statistics).</summary>
    private IGanDevice CopyOfGenerator(int batch)
    {
        var device = GanDevices.Open(Model, batch, _device.Host.Seed);
        device.Host.Generator.CopyWeightsFrom(_device.Host.Generator);
        device.Upload();
        return device;
    }

    /// <summary>The latent vectors a run with <paramref name="seed"/> draws for its sample grids.</summary>
    public float[] SampleLatents(ulong seed, int count) => SampleImages.Latents(Definition, seed, count);

    public void Dispose() => _device.Dispose();
}
