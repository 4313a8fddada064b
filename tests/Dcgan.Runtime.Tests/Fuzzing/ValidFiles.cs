using System.Buffers.Binary;
using System.IO.Compression;
using Dcgan.Runtime.Data;
using Dcgan.Runtime.IO;
using Dcgan.Runtime.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Tiff.Constants;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

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

    /// <summary>The formats <see cref="Image"/> makes seeds of: every format a <c>folder:</c> dataset takes, WebP both ways.</summary>
    public static readonly string[] ImageFormats = ["png", "jpeg", "bmp", "gif", "tiff", "tga", "webp", "webp-lossy", "ppm"];

    /// <summary>
    /// A 12x10 RGB image of noise in one of <see cref="ImageFormats"/>, with the header fields that give its size and
    /// structure. PNG comes from dcgan's own writer, the rest from ImageSharp's encoders; the GIF has two frames
    /// (dcgan reads the first), the TIFF is LZW-compressed and the TGA run-length encoded.
    /// </summary>
    public static (byte[] Bytes, HeaderField[] Fields) Image(string format)
    {
        const int width = 12, height = 10;
        var pixels = new byte[width * height * 3];
        new Random(2).NextBytes(pixels);
        if (format == "png")
        {
            using var png = new MemoryStream();
            ImageCodec.WritePng(png, pixels, width, height, 3);
            return (png.ToArray(), [new("width", 16, 4, true), new("height", 20, 4, true), new("bit depth", 24, 1, true), new("colour type", 25, 1, true), new("IHDR length", 8, 4, true)]);
        }
        using var image = SixLabors.ImageSharp.Image.LoadPixelData<Rgb24>(pixels, width, height);
        IImageEncoder encoder = format switch
        {
            "jpeg" => new JpegEncoder { Quality = 90 },
            "bmp" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
            "gif" => new GifEncoder(),
            "tiff" => new TiffEncoder { Compression = TiffCompression.Lzw, BitsPerPixel = TiffBitsPerPixel.Bit24 },
            "tga" => new TgaEncoder { BitsPerPixel = TgaBitsPerPixel.Pixel24, Compression = TgaCompression.RunLength },
            "webp" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
            "webp-lossy" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = 90 },
            "ppm" => new PbmEncoder { ColorType = PbmColorType.Rgb, Encoding = PbmEncoding.Binary },
            _ => throw new ArgumentException($"no such image format {format}", nameof(format)),
        };
        if (format == "gif")
        {
            var second = pixels.Select(v => (byte)(255 - v)).ToArray();
            using var next = SixLabors.ImageSharp.Image.LoadPixelData<Rgb24>(second, width, height);
            image.Frames.AddFrame(next.Frames.RootFrame);
        }
        using var buffer = new MemoryStream();
        image.Save(buffer, encoder);
        var bytes = buffer.ToArray();
        return (bytes, format switch
        {
            "bmp" => [new("file size", 2, 4, false), new("pixel offset", 10, 4, false), new("info size", 14, 4, false), new("width", 18, 4, false),
                      new("height", 22, 4, false), new("bits per pixel", 28, 2, false), new("compression", 30, 4, false)],
            "jpeg" => JpegFields(bytes),
            "gif" => GifFields(bytes),
            "tiff" => TiffFields(bytes),
            "tga" => [new("id length", 0, 1, false), new("colour map type", 1, 1, false), new("image type", 2, 1, false), new("colour map length", 5, 2, false),
                      new("colour map depth", 7, 1, false), new("width", 12, 2, false), new("height", 14, 2, false), new("pixel depth", 16, 1, false),
                      new("descriptor", 17, 1, false)],
            "webp" or "webp-lossy" => WebpFields(bytes),
            _ => [new("magic", 0, 2, true), new("width digits", 3, 2, true), new("height digits", 6, 2, true)],
        });
    }

    /// <summary>The screen's size and flags, and each frame's descriptor (position, size, flags) and LZW code size.</summary>
    private static HeaderField[] GifFields(byte[] gif)
    {
        var fields = new List<HeaderField> { new("screen width", 6, 2, false), new("screen height", 8, 2, false), new("screen flags", 10, 1, false) };
        int at = 13 + ((gif[10] & 0x80) != 0 ? 3 << ((gif[10] & 7) + 1) : 0);
        int frame = 0;
        while (at < gif.Length && gif[at] != 0x3B)
        {
            if (gif[at] == 0x21)
            {
                fields.Add(new($"extension {gif[at + 1]:X2} block size", at + 2, 1, false));
                at += 2;
                while (gif[at] != 0) at += 1 + gif[at];
                at++;
                continue;
            }
            // 0x2C: an image descriptor, its optional local colour table, the LZW code size and the data's sub-blocks.
            fields.Add(new($"frame {frame} left", at + 1, 2, false));
            fields.Add(new($"frame {frame} top", at + 3, 2, false));
            fields.Add(new($"frame {frame} width", at + 5, 2, false));
            fields.Add(new($"frame {frame} height", at + 7, 2, false));
            fields.Add(new($"frame {frame} flags", at + 9, 1, false));
            at += 10 + ((gif[at + 9] & 0x80) != 0 ? 3 << ((gif[at + 9] & 7) + 1) : 0);
            fields.Add(new($"frame {frame} LZW code size", at, 1, false));
            fields.Add(new($"frame {frame} first block size", at + 1, 1, false));
            at++;
            while (gif[at] != 0) at += 1 + gif[at];
            at++;
            frame++;
        }
        return [.. fields];
    }

    /// <summary>The first IFD's offset and entry count, and every entry's type, count and value or offset (little-endian TIFF).</summary>
    private static HeaderField[] TiffFields(byte[] tiff)
    {
        int ifd = BinaryPrimitives.ReadInt32LittleEndian(tiff.AsSpan(4));
        var fields = new List<HeaderField> { new("IFD offset", 4, 4, false), new("IFD entries", ifd, 2, false) };
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        for (int i = 0; i < entries; i++)
        {
            int at = ifd + 2 + 12 * i;
            int tag = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(at));
            fields.Add(new($"tag {tag} type", at + 2, 2, false));
            fields.Add(new($"tag {tag} count", at + 4, 4, false));
            fields.Add(new($"tag {tag} value", at + 8, 4, false));
        }
        return [.. fields];
    }

    /// <summary>The RIFF size, every chunk's size, and the image size fields of a VP8L or VP8 bitstream.</summary>
    private static HeaderField[] WebpFields(byte[] webp)
    {
        var fields = new List<HeaderField> { new("RIFF size", 4, 4, false) };
        for (int at = 12; at + 8 <= webp.Length;)
        {
            string fourcc = System.Text.Encoding.ASCII.GetString(webp, at, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(webp.AsSpan(at + 4));
            fields.Add(new($"chunk {fourcc} size", at + 4, 4, false));
            if (fourcc == "VP8L") fields.Add(new("VP8L size bits", at + 9, 4, false));
            if (fourcc == "VP8 ")
            {
                fields.Add(new("VP8 frame tag", at + 8, 2, false));
                fields.Add(new("VP8 width", at + 14, 2, false));
                fields.Add(new("VP8 height", at + 16, 2, false));
                fields.Add(new("VP8 first partition byte", at + 18, 1, false));
                fields.Add(new("VP8 start code", at + 11, 1, false));
                fields.Add(new("VP8 start code tail", at + 12, 2, true));
            }
            at += 8 + size + (size & 1);
        }
        return [.. fields];
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
