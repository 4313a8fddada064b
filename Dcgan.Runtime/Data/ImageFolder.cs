using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Data;

/// <summary>
/// A directory of image files (any of <see cref="ImageCodec.Formats"/>, searched recursively, in name order) as a
/// training set: each file decoded by <see cref="ImageCodec"/> (ImageSharp, bounded), made grey or RGB as the model
/// takes, resized bilinearly to the model's size by <see cref="ImageAdapter"/> and stored channel-major, 8 bits per
/// value, like the IDX datasets.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = [.. ImageCodec.Formats.SelectMany(f => f.Extensions)];

    public static byte[] Load(string directory, int channels, int height, int width, out int count)
    {
        if (channels is not (1 or 3))
            throw new DcganException($"an image folder feeds grey (1 channel) or RGB (3 channel) models, not {channels} channels");
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new DcganException($"{directory}: no image files in it or below it (it takes {string.Join(", ", Extensions)})");
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
        var image = ImageCodec.Decode(source, file);
        int h = image.Height, w = image.Width, plane = h * w;
        var rgb = image.Rgb;
        // The decoder gives rows of interleaved R, G, B; the models take one plane per channel.
        var planar = new byte[(long)channels * plane];
        if (channels == 1)
        {
            for (int p = 0; p < plane; p++) planar[p] = Luma(rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]);
        }
        else
        {
            for (int p = 0; p < plane; p++)
                for (int c = 0; c < 3; c++)
                    planar[(long)c * plane + p] = rgb[3 * p + c];
        }
        return ImageAdapter.Fit(planar, 1, channels, h, w, [channels, height, width]);
    }

    /// <summary>
    /// Grey from RGB as torchvision's Grayscale takes it from PIL (<c>convert("L")</c>, ITU-R 601-2 luma):
    /// (R * 19595 + G * 38470 + B * 7471 + 32768) >> 16. Grey files decode to R = G = B and come back unchanged.
    /// </summary>
    public static byte Luma(byte r, byte g, byte b) => (byte)((r * 19595 + g * 38470 + b * 7471 + 32768) >> 16);

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
}
