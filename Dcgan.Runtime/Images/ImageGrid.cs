using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Images;

/// <summary>
/// Tiles a batch of NCHW float images into one PNG, the sample grids a run leaves each epoch.
/// </summary>
public static class ImageGrid
{
    public const int Padding = 2;

    /// <summary>Mid gray, so that both black and white digits stand out from the gaps.</summary>
    public const byte PaddingValue = 128;

    /// <summary>
    /// Image i sits at row i / columns, column i % columns, its top-left pixel at
    /// (Padding + row * (height + Padding), Padding + column * (width + Padding)).
    /// Values map linearly from [low, high] to 0..255, rounded and clamped; NaN becomes 0.
    /// </summary>
    public static void WritePng(string path, ReadOnlySpan<float> images, int count, int channels, int height, int width,
        float low, float high, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "PNG grids are grayscale (1 channel) or RGB (3)");
        if (!(high > low))
            throw new ArgumentException($"the value range [{low}, {high}] is empty", nameof(high));
        long needed = (long)count * channels * height * width;
        if (images.Length < needed)
            throw new ArgumentException($"{count} images of {channels}x{height}x{width} need {needed} values, got {images.Length}", nameof(images));

        int cols = Math.Min(columns, count);
        int rows = (count + cols - 1) / cols;
        int gridWidth = cols * (width + Padding) + Padding;
        int gridHeight = rows * (height + Padding) + Padding;
        var pixels = new byte[(long)gridWidth * gridHeight * channels];
        Array.Fill(pixels, PaddingValue);

        float scale = 255f / (high - low);
        int plane = height * width;
        for (int i = 0; i < count; i++)
        {
            int top = Padding + i / cols * (height + Padding);
            int left = Padding + i % cols * (width + Padding);
            var image = images.Slice(i * channels * plane, channels * plane);
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                    {
                        pixels[((long)(top + y) * gridWidth + left + x) * channels + c] = Level(image[c * plane + y * width + x], low, scale);
                    }
        }

        AtomicFile.Write(path, stream => ImageCodec.WritePng(stream, pixels, gridWidth, gridHeight, channels));
    }

    /// <summary>Every value as an 8-bit level (see <see cref="Level"/>): what a PNG or an IDX file of the images holds.</summary>
    public static byte[] Levels(ReadOnlySpan<float> values, float low, float high)
    {
        var bytes = new byte[values.Length];
        float scale = 255f / (high - low);
        for (int i = 0; i < values.Length; i++) bytes[i] = Level(values[i], low, scale);
        return bytes;
    }

    /// <summary>One value as an 8-bit level: (value - low) * scale with scale = 255 / (high - low), rounded and clamped; NaN is 0.</summary>
    public static byte Level(float value, float low, float scale)
    {
        float level = (value - low) * scale;
        return float.IsNaN(level) ? (byte)0 : (byte)Math.Clamp(MathF.Round(level), 0f, 255f);
    }
}
