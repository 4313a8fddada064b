using Dcgan.Runtime.IO;
using StbImageSharp;

namespace Dcgan.Runtime.Data;

/// <summary>
/// A directory of PNG, JPEG or BMP files (searched recursively, in name order) as a training set: each file
/// decoded with StbImageSharp to grey or RGB as the model takes, resized bilinearly to the model's size and
/// stored channel-major, 8 bits per value, like the IDX datasets.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>8192 x 8192: far beyond any image a GAN of 64x64 images is fed, and a 200 MB decode.</summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>
    /// How many decoded bytes one byte of a file can encode: deflate (PNG) cannot expand more than 1032-fold,
    /// and JPEG's Huffman codes spend at least a bit per 8x8 block per component. A header that claims more
    /// pixels than its file could hold is damaged, and is refused before the decoder allocates for it.
    /// </summary>
    public const long MaxExpansion = 2048;

    public static byte[] Load(string directory, int channels, int height, int width, out int count)
    {
        if (channels is not (1 or 3))
            throw new DcganException($"an image folder feeds grey (1 channel) or RGB (3 channel) models, not {channels} channels");
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new DcganException($"{directory}: no .png, .jpg, .jpeg or .bmp files in it or below it");
        count = files.Length;
        int size = channels * height * width;
        var images = new byte[(long)count * size];
        try
        {
            Parallel.For(0, files.Length, i => Decode(files[i], ReadFile(files[i]), channels, height, width).CopyTo(images.AsSpan(checked(i * size), size)));
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<DcganException>().FirstOrDefault() is { } first)
        {
            throw first; // one clear message for the first unreadable file, not a parallel loop's wrapper
        }
        return images;
    }

    /// <summary>
    /// One image file's bytes as <paramref name="channels"/> planes of <paramref name="height"/> x
    /// <paramref name="width"/>; <paramref name="source"/> names the file in messages.
    /// </summary>
    public static byte[] Decode(string source, byte[] file, int channels, int height, int width)
    {
        if (ImageStructure.Problem(file) is { } problem)
            throw new DcganException($"{source}: damaged image: {problem}");

        ImageInfo? info;
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            info = ImageInfo.FromStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Unreadable(source, ParseProblem.OneLine(e.Message));
        }
        if (info is not { } header)
            throw Unreadable(source, "no PNG, JPEG or BMP header");
        long pixels = (long)header.Width * header.Height;
        if (header.Width <= 0 || header.Height <= 0 || pixels > MaxPixels)
            throw new DcganException($"{source}: the image header claims {header.Width}x{header.Height} pixels; dcgan reads images of 1 to {MaxPixels} pixels");
        long claimed = pixels * Math.Max((int)header.ColorComponents, 1) * Math.Max(header.BitsPerChannel, 1) / 8;
        if (claimed > MaxExpansion * file.Length)
            throw new DcganException($"{source}: the image header claims {header.Width}x{header.Height} pixels, more than its {file.Length} bytes can hold; the file is damaged");

        ImageResult decoded;
        try
        {
            decoded = ImageResult.FromMemory(file, channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // StbImageSharp reports damage with exceptions of many types (even System.Exception itself).
            throw Unreadable(source, ParseProblem.OneLine(e.Message));
        }
        // StbImageSharp gives rows of interleaved channels; the models take one plane per channel.
        int h = decoded.Height, w = decoded.Width;
        if ((long)h * w * channels > decoded.Data.LongLength)
            throw Unreadable(source, $"decoded {decoded.Data.Length} bytes for {w}x{h} pixels");
        var planar = new byte[(long)channels * h * w];
        for (int p = 0; p < h * w; p++)
            for (int c = 0; c < channels; c++)
                planar[(long)c * h * w + p] = decoded.Data[(long)p * channels + c];
        return ImageAdapter.Fit(planar, 1, channels, h, w, [channels, height, width]);
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"{path}: cannot read: {e.Message}", e);
        }
    }

    private static DcganException Unreadable(string source, string why) => new($"{source}: not a readable PNG, JPEG or BMP image ({why})");
}
