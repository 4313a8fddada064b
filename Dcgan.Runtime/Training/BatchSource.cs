namespace Dcgan.Runtime;

/// <summary>
/// Real batches from a dataset of 8-bit images: a fresh Philox permutation each epoch, pixels
/// gathered and scaled into the model's range. Allocates only in its constructor.
/// </summary>
public sealed class BatchSource
{
    private readonly byte[] _images;
    private readonly int _imageSize;
    private readonly int[] _order;
    private readonly float[] _scale = new float[256];
    private Philox _random;

    public BatchSource(byte[] images, int count, int imageSize, PixelRange range, ulong seed)
    {
        _images = images;
        _imageSize = imageSize;
        Count = count;
        _order = new int[count];
        _random = new Philox(seed, stream: 2);
        (float low, float high) = range == PixelRange.ZeroOne ? (0f, 1f) : (-1f, 1f);
        for (int v = 0; v < 256; v++) _scale[v] = low + (high - low) * (v / 255f);
    }

    public int Count { get; }

    /// <summary>This epoch's order of the images: what a device gather reads batch by batch.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Shuffles the order for a new epoch.</summary>
    public void StartEpoch()
    {
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        _random.Shuffle(_order);
    }

    /// <summary>Writes batch <paramref name="index"/> of the current epoch into <paramref name="destination"/>.</summary>
    public void Fill(int index, int batch, Span<float> destination)
    {
        for (int b = 0; b < batch; b++)
        {
            var source = _images.AsSpan(_order[index * batch + b] * _imageSize, _imageSize);
            var target = destination.Slice(b * _imageSize, _imageSize);
            for (int i = 0; i < source.Length; i++) target[i] = _scale[source[i]];
        }
    }
}
