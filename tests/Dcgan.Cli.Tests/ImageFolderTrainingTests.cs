using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dcgan.Cli.Tests;

public sealed class ImageFolderTrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-mixed-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Eight images of different sizes, two each of PNG, JPEG, GIF and lossy WebP, one of them in a subfolder.</summary>
    private string MixedFolder()
    {
        string folder = Path.Combine(_root, "images");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        (string Extension, IImageEncoder Encoder)[] formats =
        [
            (".png", new PngEncoder()), (".jpg", new JpegEncoder { Quality = 90 }), (".gif", new GifEncoder()),
            (".webp", new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }),
        ];
        var random = new Random(9);
        for (int i = 0; i < 8; i++)
        {
            var (extension, encoder) = formats[i % formats.Length];
            using var image = new Image<Rgb24>(40 + 10 * i, 70 - 5 * i);
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                    image[x, y] = new Rgb24((byte)(x * 5), (byte)(y * 3), (byte)random.Next(256));
            image.Save(Path.Combine(folder, i == 5 ? "sub" : "", $"img{i}{extension}"), encoder);
        }
        return folder;
    }

    [Fact]
    public void A_folder_of_png_jpeg_gif_and_webp_trains_dcgan64_rgb()
    {
        string run = Path.Combine(_root, "run");
        var (code, output, error) = CliHarness.Run("train", "--dataset", $"folder:{MixedFolder()}", "--model", "dcgan64_rgb",
            "--batch-size", "4", "--max-steps", "2", "--device", "cpu", "--out", run);
        Assert.True(code == 0, error);
        Assert.Contains("8 images, each converted to RGB 64x64", output);
        var grid = Image.Identify(File.ReadAllBytes(Path.Combine(run, "samples", "epoch_0001.png")));
        Assert.True(grid.Width > 64 && grid.Height > 64);
        Assert.True(File.Exists(Path.Combine(run, "samples", "contact_sheet.png")));
    }

    [Fact]
    public void A_damaged_file_in_the_folder_is_one_line_and_exit_1()
    {
        string folder = MixedFolder();
        string png = Path.Combine(folder, "img0.png");
        File.WriteAllBytes(png, File.ReadAllBytes(png)[..60]);
        var (code, _, error) = CliHarness.Run("train", "--dataset", $"folder:{folder}", "--model", "dcgan64_rgb",
            "--batch-size", "4", "--max-steps", "1", "--device", "cpu", "--out", Path.Combine(_root, "run"));
        Assert.Equal(1, code);
        Assert.Contains("img0.png", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(_root, "run")));
    }
}
