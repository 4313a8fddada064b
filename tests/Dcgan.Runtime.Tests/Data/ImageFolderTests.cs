using Dcgan.Runtime.Data;
using StbImageWriteSharp;

namespace Dcgan.Runtime.Tests.Data;

public sealed class ImageFolderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dcgan-folder-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Png(string name, int width, int height, ColorComponents components, byte value)
    {
        int channels = components == ColorComponents.Grey ? 1 : 3;
        var pixels = Enumerable.Repeat(value, width * height * channels).ToArray();
        string path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        new ImageWriter().WritePng(pixels, width, height, components, stream);
    }

    [Fact]
    public void Images_of_any_size_and_colour_become_the_model_s_shape_in_name_order()
    {
        Png("a.png", 10, 12, ColorComponents.RedGreenBlue, 200);
        Png("b.png", 40, 30, ColorComponents.Grey, 50);
        Png("sub/c.png", 28, 28, ColorComponents.Grey, 120);
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
    public void An_unreadable_image_is_named()
    {
        Png("good.png", 8, 8, ColorComponents.Grey, 1);
        File.WriteAllBytes(Path.Combine(_directory, "broken.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var error = Assert.Throws<DcganException>(() => ImageFolder.Load(_directory, 1, 28, 28, out _));
        Assert.Contains("broken.png", error.Message);
    }

    [Fact]
    public void A_folder_without_images_is_refused()
    {
        var error = Assert.Throws<DcganException>(() => ImageFolder.Load(_directory, 1, 28, 28, out _));
        Assert.Contains("no .png", error.Message);
    }
}
