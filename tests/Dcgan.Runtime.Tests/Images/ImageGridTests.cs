using Dcgan.Runtime.Images;

namespace Dcgan.Runtime.Tests.Images;

public class ImageGridTests
{
    private static DecodedImage ReadBack(string path) => ImageCodec.Decode(path, File.ReadAllBytes(path));

    [Fact]
    public void GrayscaleGridPlacesImagesAndMapsTheRange()
    {
        using var temp = new TempDirectory();
        string path = temp.File("samples/epoch_0001.png");
        // Three 2x3 images in [-1, 1] on a grid of two columns: image i is filled with a value
        // that identifies it, and one pixel of image 2 is out of range to check clamping.
        const int h = 2, w = 3;
        var images = new float[3 * h * w];
        Array.Fill(images, -1f, 0, h * w);
        Array.Fill(images, 0f, h * w, h * w);
        Array.Fill(images, 1f, 2 * h * w, h * w);
        images[2 * h * w + 1 * w + 2] = 5f;
        images[2 * h * w] = -7f;

        ImageGrid.WritePng(path, images, count: 3, channels: 1, height: h, width: w, low: -1, high: 1, columns: 2);
        var png = ReadBack(path);

        // 2 columns x (3 + 2) + 2 wide, 2 rows x (2 + 2) + 2 high, stored as one grey channel.
        Assert.Equal((12, 10), (png.Width, png.Height));
        Assert.True(png.Grey);
        byte At(int y, int x) => png.Rgb[3 * (y * png.Width + x)];
        Assert.Equal(ImageGrid.PaddingValue, At(0, 0));
        Assert.Equal(ImageGrid.PaddingValue, At(2, 5)); // gap between columns
        Assert.Equal(0, At(2, 2)); // image 0, -1 -> 0
        Assert.Equal(128, At(3, 9)); // image 1 at column 1: 0 -> 127.5 rounds to even 128
        Assert.Equal(0, At(6, 2)); // image 2, clamped -7 -> 0
        Assert.Equal(255, At(7, 4)); // image 2, clamped 5 -> 255
        Assert.Equal(255, At(6, 3));
        Assert.Equal(ImageGrid.PaddingValue, At(6, 8)); // the empty fourth cell stays padding
    }

    [Fact]
    public void RgbKeepsChannelsApart()
    {
        using var temp = new TempDirectory();
        string path = temp.File("rgb.png");
        // One 1x1 NCHW image: channel planes R=1, G=0.5, B=0 in [0, 1].
        ImageGrid.WritePng(path, [1f, 0.5f, 0f], count: 1, channels: 3, height: 1, width: 1, low: 0, high: 1, columns: 8);
        var png = ReadBack(path);

        Assert.Equal((5, 5), (png.Width, png.Height));
        Assert.False(png.Grey);
        int at = (2 * png.Width + 2) * 3;
        Assert.Equal(new byte[] { 255, 128, 0 }, png.Rgb[at..(at + 3)]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_same_grid_gives_the_same_bytes_with_no_chunk_beyond_the_image(int channels)
    {
        using var temp = new TempDirectory();
        var values = new float[16 * channels * 9 * 7];
        var random = new Random(5);
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle() * 2 - 1;
        ImageGrid.WritePng(temp.File("a.png"), values, 16, channels, 9, 7, -1, 1, columns: 4);
        ImageGrid.WritePng(temp.File("b.png"), values, 16, channels, 9, 7, -1, 1, columns: 4);
        var bytes = File.ReadAllBytes(temp.File("a.png"));
        Assert.Equal(bytes, File.ReadAllBytes(temp.File("b.png")));

        // Only IHDR, IDAT and IEND: no time, text, gamma or physical-size chunk that could differ between runs or machines.
        var chunks = new List<string>();
        for (int at = 8; at + 8 <= bytes.Length;)
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            chunks.Add(System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4));
            at += 12 + length;
        }
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        Assert.All(chunks[1..^1], c => Assert.Equal("IDAT", c));
        Assert.Equal(8, bytes[24]); // bit depth
        Assert.Equal(channels == 1 ? 0 : 2, bytes[25]); // colour type: grey or RGB
    }

    [Fact]
    public void RefusesTooFewValues()
    {
        using var temp = new TempDirectory();
        Assert.Throws<ArgumentException>(() => ImageGrid.WritePng(temp.File("x.png"), new float[10], 1, 1, 4, 4, 0, 1, 1));
        Assert.Empty(temp.Entries());
    }
}
