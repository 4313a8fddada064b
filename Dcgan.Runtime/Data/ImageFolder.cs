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
        var components = channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue;
        try
        {
            Parallel.For(0, files.Length, i => LoadOne(files[i], i));
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<DcganException>().FirstOrDefault() is { } first)
        {
            throw first; // one clear message for the first unreadable file, not a parallel loop's wrapper
        }
        return images;

        void LoadOne(string file, int i)
        {
            ImageResult decoded;
            try
            {
                decoded = ImageResult.FromMemory(File.ReadAllBytes(file), components);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
            {
                throw new DcganException($"{file}: not a readable PNG, JPEG or BMP image ({e.Message})");
            }
            // StbImageSharp gives rows of interleaved channels; the models take one plane per channel.
            int h = decoded.Height, w = decoded.Width;
            var planar = new byte[(long)channels * h * w];
            for (int p = 0; p < h * w; p++)
                for (int c = 0; c < channels; c++)
                    planar[(long)c * h * w + p] = decoded.Data[(long)p * channels + c];
            var fitted = ImageAdapter.Fit(planar, 1, channels, h, w, [channels, height, width]);
            fitted.AsSpan(0, size).CopyTo(images.AsSpan(checked(i * size), size));
        }
    }
}
