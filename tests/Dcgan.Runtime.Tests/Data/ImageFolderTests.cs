using Dcgan.Runtime.Data;
using Dcgan.Runtime.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dcgan.Runtime.Tests.Data;

public sealed class ImageFolderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dcgan-folder-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name)
    {
        string path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private void Png(string name, int width, int height, int channels, byte value)
    {
        using var stream = File.Create(PathOf(name));
        ImageCodec.WritePng(stream, Enumerable.Repeat(value, width * height * channels).ToArray(), width, height, channels);
    }

    /// <summary>A uniform RGB image saved by ImageSharp's encoder for the file's extension.</summary>
    private void Save(string name, int width, int height, Rgb24 colour, IImageEncoder encoder)
    {
        using var image = new Image<Rgb24>(width, height, colour);
        image.Save(PathOf(name), encoder);
    }

    [Fact]
    public void Images_of_any_size_and_colour_become_the_model_s_shape_in_name_order()
    {
        Png("a.png", 10, 12, 3, 200);
        Png("b.png", 40, 30, 1, 50);
        Png("sub/c.png", 28, 28, 1, 120);
        File.WriteAllText(Path.Combine(_directory, "notes.txt"), "not an image");

        var grey = ImageFolder.Load(_directory, 1, 28, 28, out int count);
        Assert.Equal(3, count);
        Assert.Equal(3 * 28 * 28, grey.Length);
        Assert.All(grey.AsSpan(0, 784).ToArray(), v => Assert.Equal(200, v)); // a uniform image stays uniform
        Assert.All(grey.AsSpan(784, 784).ToArray(), v => Assert.Equal(50, v));
        Assert.All(grey.AsSpan(2 * 784, 784).ToArray(), v => Assert.Equal(120, v));

        var rgb = ImageFolder.Load(_directory, 3, 16, 16, out _);
        Assert.Equal(3 * 3 * 256, rgb.Length);
        Assert.All(rgb.AsSpan(3 * 256, 3 * 256).ToArray(), v => Assert.Equal(50, v)); // grey spread over R, G and B
    }

    [Fact]
    public void Every_listed_format_loads_with_its_colour()
    {
        var colour = new Rgb24(200, 40, 90);
        Save("a.bmp", 9, 7, colour, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
        Save("b.gif", 9, 7, colour, new GifEncoder());
        Save("c.jpg", 16, 16, colour, new JpegEncoder { Quality = 100 });
        Save("d.jpeg", 16, 16, colour, new JpegEncoder { Quality = 100 });
        Save("e.ppm", 9, 7, colour, new PbmEncoder { ColorType = PbmColorType.Rgb, Encoding = PbmEncoding.Binary });
        Save("f.tga", 9, 7, colour, new TgaEncoder { BitsPerPixel = TgaBitsPerPixel.Pixel24, Compression = TgaCompression.RunLength });
        Save("g.tif", 9, 7, colour, new TiffEncoder { Compression = SixLabors.ImageSharp.Formats.Tiff.Constants.TiffCompression.Deflate });
        Save("h.tiff", 9, 7, colour, new TiffEncoder());
        Save("j.webp", 16, 16, colour, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = 100 });
        using (var image = new Image<Rgb24>(9, 7, colour)) image.SaveAsPng(PathOf("k.png"));
        var extensions = Directory.GetFiles(_directory).Select(f => Path.GetExtension(f)).ToHashSet();
        Assert.Equal(ImageCodec.Formats.SelectMany(f => f.Extensions).Except([".pbm", ".pgm"]).ToHashSet(), extensions);

        var rgb = ImageFolder.Load(_directory, 3, 4, 4, out int count);
        Assert.Equal(10, count);
        for (int i = 0; i < count; i++)
        {
            // GIF's palette, JPEG's and lossy WebP's chroma may shift a level or a few; the lossless formats give it exactly.
            for (int c = 0; c < 3; c++)
            {
                byte expected = c switch { 0 => colour.R, 1 => colour.G, _ => colour.B };
                Assert.All(rgb.AsSpan((i * 3 + c) * 16, 16).ToArray(), v => Assert.InRange(v, expected - 6, expected + 6));
            }
        }
    }

    [Fact]
    public void Grey_comes_from_rgb_by_pil_s_luma_weights()
    {
        // PIL's convert("L"): (200 * 19595 + 40 * 38470 + 90 * 7471 + 32768) >> 16 = 94; BT.709 weights would give 78.
        using (var image = new Image<Rgb24>(3, 3, new Rgb24(200, 40, 90))) image.SaveAsPng(PathOf("a.png"));
        var grey = ImageFolder.Load(_directory, 1, 3, 3, out _);
        Assert.All(grey, v => Assert.Equal(94, v));
        Assert.Equal(94, ImageFolder.Luma(200, 40, 90));
        Assert.Equal(255, ImageFolder.Luma(255, 255, 255));
    }

    [Fact]
    public void Lossless_webp_and_webp_with_alpha_are_refused_by_name()
    {
        // ImageSharp 2.1.13 sizes the lossless decoder's Huffman tables from the file's data, beyond the allocator's budget.
        Save("lossless.webp", 9, 7, new Rgb24(1, 2, 3), new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        var error = Assert.Throws<DcganException>(() => ImageFolder.Load(_directory, 3, 8, 8, out _));
        Assert.Contains("lossless.webp", error.Message);
        Assert.Contains("lossless WebP", error.Message);
        File.Delete(PathOf("lossless.webp"));

        using (var image = new Image<Rgba32>(9, 7, new Rgba32(1, 2, 3, 100)))
            image.Save(PathOf("alpha.webp"), new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, UseAlphaCompression = true });
        error = Assert.Throws<DcganException>(() => ImageFolder.Load(_directory, 3, 8, 8, out _));
        Assert.Contains("alpha.webp", error.Message);
        Assert.Contains("with alpha", error.Message);
    }

    [Fact]
    public void A_gif_gives_its_first_frame()
    {
        using var image = new Image<Rgb24>(4, 4, new Rgb24(250, 250, 250));
        using var second = new Image<Rgb24>(4, 4, new Rgb24(5, 5, 5));
        image.Frames.AddFrame(second.Frames.RootFrame);
        image.Save(PathOf("anim.gif"), new GifEncoder());
        var grey = ImageFolder.Load(_directory, 1, 4, 4, out _);
        Assert.All(grey, v => Assert.InRange(v, 245, 255));
    }

    [Fact]
    public void An_unreadable_image_is_named()
    {
        Png("good.png", 8, 8, 1, 1);
        File.WriteAllBytes(Path.Combine(_directory, "broken.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var error = Assert.Throws<DcganException>(() => ImageFolder.Load(_directory, 1, 28, 28, out _));
        Assert.Contains("broken.png", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Text_under_an_image_extension_is_named_as_no_image()
    {
        File.WriteAllText(Path.Combine(_directory, "notes.jpg"), "these are my notes, not a photo");
        var error = Assert.Throws<DcganException>(() => ImageFolder.Load(_directory, 3, 8, 8, out _));
        Assert.Contains("notes.jpg", error.Message);
        Assert.Contains("not a PNG, JPEG", error.Message);
    }

    [Fact]
    public void An_image_wider_than_the_cap_is_refused_before_decoding()
    {
        // A real, valid PNG (one grey row compresses to a few hundred bytes) one pixel wider than dcgan reads.
        Png("wide.png", ImageCodec.MaxSide + 1, 1, 1, 7);
        var error = Assert.Throws<DcganException>(() => ImageFolder.Load(_directory, 1, 8, 8, out _));
        Assert.Contains("wide.png", error.Message);
        Assert.Contains($"1 to {ImageCodec.MaxSide} pixels a side", error.Message);
    }

    [Fact]
    public void A_size_claim_beyond_what_the_file_can_hold_is_refused()
    {
        // A 2x2 PNG whose IHDR is edited (CRC fixed) to claim 8000x8000: 192 MB of RGB from a file of under 100 bytes.
        Png("small.png", 2, 2, 3, 9);
        var bytes = File.ReadAllBytes(PathOf("small.png"));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 8000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 8000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        File.WriteAllBytes(PathOf("small.png"), bytes);
        var error = Assert.Throws<DcganException>(() => ImageFolder.Load(_directory, 3, 8, 8, out _));
        Assert.Contains("small.png", error.Message);
        Assert.Contains("8000x8000", error.Message);
        Assert.Contains("more than its", error.Message);
    }

    /// <summary>PNG's CRC-32 (polynomial 0xEDB88320, reflected), bit by bit.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void A_folder_without_images_is_refused()
    {
        var error = Assert.Throws<DcganException>(() => ImageFolder.Load(_directory, 1, 28, 28, out _));
        Assert.Contains("no image files", error.Message);
    }
}
