using System.Buffers.Binary;
using System.IO.Compression;
using Dcgan.Runtime.Data;
using Dcgan.Runtime.IO;
using StbImageWriteSharp;

namespace Dcgan.Runtime.Tests.Fuzzing;

/// <summary>Small valid files of every format dcgan reads, written by dcgan's own writers where it has one: the seeds the fuzzer damages.</summary>
internal static class ValidFiles
{
    /// <summary>An IDX3 file of 3 images of 5x4 pixels, with its header fields.</summary>
    public static (byte[] Bytes, HeaderField[] Fields) Idx()
    {
        var pixels = new byte[3 * 5 * 4];
        new Random(1).NextBytes(pixels);
        using var temp = new TempDirectory();
        IdxFile.Write(temp.File("images-idx3-ubyte"), [3, 5, 4], pixels);
        HeaderField[] fields =
        [
            new("type", 2, 1, true), new("rank", 3, 1, true),
            new("dimension 0", 4, 4, true), new("dimension 1", 8, 4, true), new("dimension 2", 12, 4, true),
        ];
        return (File.ReadAllBytes(temp.File("images-idx3-ubyte")), fields);
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(raw);
        return buffer.ToArray();
    }

    /// <summary>A safetensors file of three small tensors (one of them empty) and some metadata.</summary>
    public static byte[] SafeTensors()
    {
        using var temp = new TempDirectory();
        string path = temp.File("small.safetensors");
        SafeTensorsWriter.Write(path, new Dictionary<string, string> { ["format"] = "test", ["note"] = "fuzz seed" },
        [
            ("a.weight", [2, 3], new float[] { 1, 2, 3, 4, 5, 6 }),
            ("a.bias", [3], new float[] { -1, 0.5f, 7 }),
            ("empty", [0, 4], Array.Empty<float>()),
        ]);
        return File.ReadAllBytes(path);
    }

    /// <summary>A checkpoint of <see cref="TinyGan"/> whose values count up from <paramref name="first"/>.</summary>
    public static byte[] Checkpoint(float first)
    {
        using var temp = new TempDirectory();
        using var state = TinyGan.State(first);
        string path = temp.File("tiny.safetensors");
        Runtime.Checkpoint.Save(path, state, step: 4, epoch: 1);
        return File.ReadAllBytes(path);
    }

    /// <summary>The length field and the JSON header of a safetensors file.</summary>
    public static (ulong Length, string Json, byte[] Data) SplitSafeTensors(byte[] file)
    {
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        return (length, System.Text.Encoding.UTF8.GetString(file, 8, (int)length), file[(8 + (int)length)..]);
    }

    public static byte[] JoinSafeTensors(string json, byte[] data)
    {
        var header = Mutator.Utf8(json);
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    /// <summary>A 12x10 RGB image of noise as PNG, BMP or JPEG, with the header fields that give its size.</summary>
    public static (byte[] Bytes, HeaderField[] Fields) Image(string format)
    {
        const int width = 12, height = 10;
        var pixels = new byte[width * height * 3];
        new Random(2).NextBytes(pixels);
        using var buffer = new MemoryStream();
        var writer = new ImageWriter();
        switch (format)
        {
            case "png": writer.WritePng(pixels, width, height, ColorComponents.RedGreenBlue, buffer); break;
            case "bmp": writer.WriteBmp(pixels, width, height, ColorComponents.RedGreenBlue, buffer); break;
            case "jpeg": writer.WriteJpg(pixels, width, height, ColorComponents.RedGreenBlue, buffer, 90); break;
            default: throw new ArgumentException($"no such image format {format}", nameof(format));
        }
        var bytes = buffer.ToArray();
        return (bytes, format switch
        {
            "png" => [new("width", 16, 4, true), new("height", 20, 4, true), new("bit depth", 24, 1, true), new("colour type", 25, 1, true), new("IHDR length", 8, 4, true)],
            "bmp" => [new("file size", 2, 4, false), new("pixel offset", 10, 4, false), new("info size", 14, 4, false), new("width", 18, 4, false),
                      new("height", 22, 4, false), new("bits per pixel", 28, 2, false), new("compression", 30, 4, false)],
            _ => JpegFields(bytes),
        });
    }

    /// <summary>Every segment's length, and the frame's height, width and component count (SOF0).</summary>
    private static HeaderField[] JpegFields(byte[] jpeg)
    {
        var fields = new List<HeaderField>();
        for (int at = 2; at + 4 <= jpeg.Length && jpeg[at] == 0xFF;)
        {
            byte marker = jpeg[at + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            fields.Add(new($"segment FF{marker:X2} length", at + 2, 2, true));
            if (marker == 0xC0)
            {
                fields.Add(new("height", at + 5, 2, true));
                fields.Add(new("width", at + 7, 2, true));
                fields.Add(new("components", at + 9, 1, true));
            }
            if (marker == 0xDA) break;
            at += 2 + length;
        }
        return [.. fields];
    }

    /// <summary>A config.json as the trainer writes it.</summary>
    public const string Config = """
        {
          "model": "pyimagesearch",
          "dataset": "mnist",
          "dataset_size": 60000,
          "epochs": 5,
          "batch_size": 128,
          "steps_per_epoch": 468,
          "max_steps": 0,
          "seed": 1,
          "device": "cpu",
          "threads": 2,
          "recipe": "Standard",
          "loss": "Bce",
          "init": "PyTorchDefault",
          "latent": "Normal",
          "g_adam": { "lr": 0.0002, "beta1": 0.5, "beta2": 0.999, "eps": 1E-08, "weight_decay": 0 },
          "d_adam": { "lr": 0.0002, "beta1": 0.5, "beta2": 0.999, "eps": 1E-08, "weight_decay": 2.5E-05 },
          "label_smoothing": 0,
          "dropout": 0.3,
          "dcgan_version": "1.0.0.0"
        }
        """;

    /// <summary>A noise-floor summary as parity/noise_floor.py writes it, for two tensors.</summary>
    public const string NoiseFloor = """
        {
          "format": "dcgan-noise-floor/1",
          "fixture_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          "runs": ["threads2", "float64", "perturbed-1", "perturbed-2"],
          "tensors": {
            "step1.G.0.weight.grad": { "max_abs": 1.5e-07, "squares_rel": 2e-06, "most_outside": 0, "worst_run": "float64" },
            "step2.D.3.bias": { "max_abs": 0.00041, "squares_rel": 0.0013, "most_outside": 3, "worst_run": "perturbed-2" }
          }
        }
        """;
}
