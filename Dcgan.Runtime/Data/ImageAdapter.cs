namespace Dcgan.Runtime.Data;

/// <summary>
/// Brings a dataset's 8-bit images to a model's image shape: bilinear resizing (the centre-aligned
/// sampling of torchvision's Resize on upscaling) and grey replicated into every channel. MNIST's
/// 28x28 digits become the 64x64 images dcgan64 takes this way.
/// </summary>
public static class ImageAdapter
{
    /// <summary>The images unchanged when they already have the target shape, else converted copies.</summary>
    public static byte[] Fit(byte[] images, int count, int channels, int height, int width, int[] target)
    {
        if (target.Length != 3) throw new DcganException($"a model image shape must be [channels, height, width], got [{string.Join(", ", target)}]");
        int toChannels = target[0], toHeight = target[1], toWidth = target[2];
        if (channels == toChannels && height == toHeight && width == toWidth) return images;
        if (channels != 1 && channels != toChannels)
            throw new DcganException($"images with {channels} channels cannot feed a model that takes {toChannels}");

        var output = new byte[(long)count * toChannels * toHeight * toWidth];
        var (rows0, rows1, rowWeights) = Taps(height, toHeight);
        var (cols0, cols1, colWeights) = Taps(width, toWidth);
        int fromPlane = height * width, toPlane = toHeight * toWidth;
        Parallel.For(0, count, image =>
        {
            for (int c = 0; c < toChannels; c++)
            {
                int fromChannel = channels == 1 ? 0 : c;
                var source = images.AsSpan(checked((image * channels + fromChannel) * fromPlane), fromPlane);
                var destination = output.AsSpan(checked((image * toChannels + c) * toPlane), toPlane);
                for (int y = 0; y < toHeight; y++)
                {
                    float wy = rowWeights[y];
                    int r0 = rows0[y] * width, r1 = rows1[y] * width;
                    for (int x = 0; x < toWidth; x++)
                    {
                        float wx = colWeights[x];
                        float top = source[r0 + cols0[x]] * (1 - wx) + source[r0 + cols1[x]] * wx;
                        float bottom = source[r1 + cols0[x]] * (1 - wx) + source[r1 + cols1[x]] * wx;
                        destination[y * toWidth + x] = (byte)Math.Clamp(MathF.Round(top * (1 - wy) + bottom * wy), 0f, 255f);
                    }
                }
            }
        });
        return output;
    }

    // Destination pixel i samples the source at (i + 0.5) * from / to - 0.5, clamped to the image.
    private static (int[] Low, int[] High, float[] Weight) Taps(int from, int to)
    {
        var low = new int[to];
        var high = new int[to];
        var weight = new float[to];
        double scale = (double)from / to;
        for (int i = 0; i < to; i++)
        {
            double position = Math.Max((i + 0.5) * scale - 0.5, 0);
            int l = Math.Min((int)position, from - 1);
            low[i] = l;
            high[i] = Math.Min(l + 1, from - 1);
            weight[i] = (float)(position - l);
        }
        return (low, high, weight);
    }
}
