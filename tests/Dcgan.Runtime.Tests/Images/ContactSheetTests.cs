using Dcgan.Runtime.Images;

namespace Dcgan.Runtime.Tests.Images;

public sealed class ContactSheetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dcgan-sheet-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Epoch e's grid: 16 images of 5x4 pixels, every pixel of value e / 40 (so each epoch has its own grey).</summary>
    private List<string> Grids(int epochs)
    {
        var paths = new List<string>();
        for (int e = 1; e <= epochs; e++)
        {
            string path = Path.Combine(_directory, $"epoch_{e:D4}.png");
            var values = Enumerable.Repeat(e / 40f, 16 * 5 * 4).ToArray();
            ImageGrid.WritePng(path, values, 16, 1, 5, 4, 0f, 1f, columns: 8);
            paths.Add(path);
        }
        return paths;
    }

    [Fact]
    public void Each_epoch_gives_the_first_row_of_its_grid_in_order()
    {
        string sheet = Path.Combine(_directory, "sheet.png");
        ContactSheet.Write(Grids(3), imageHeight: 5, sheet);
        var image = ImageCodec.Decode(sheet, File.ReadAllBytes(sheet));
        Assert.True(image.Grey);
        Assert.Equal(8 * (4 + ImageGrid.Padding) + ImageGrid.Padding, image.Width);
        Assert.Equal(3 * (5 + ImageGrid.Padding) + ImageGrid.Padding, image.Height);
        for (int row = 0; row < 3; row++)
        {
            int y = row * (5 + ImageGrid.Padding) + ImageGrid.Padding; // top pixel row of that epoch's images
            byte expected = (byte)MathF.Round((row + 1) / 40f * 255f);
            Assert.Equal(expected, image.Rgb[3 * (y * image.Width + ImageGrid.Padding)]);
        }
    }

    [Fact]
    public void Long_runs_show_evenly_spaced_epochs_with_the_first_and_the_last()
    {
        string sheet = Path.Combine(_directory, "sheet.png");
        ContactSheet.Write(Grids(40), imageHeight: 5, sheet);
        var image = ImageCodec.Decode(sheet, File.ReadAllBytes(sheet));
        Assert.True(image.Grey);
        Assert.Equal(ContactSheet.MaxRows * (5 + ImageGrid.Padding) + ImageGrid.Padding, image.Height);
        byte Level(int row) => image.Rgb[3 * ((row * (5 + ImageGrid.Padding) + ImageGrid.Padding) * image.Width + ImageGrid.Padding)];
        Assert.Equal((byte)MathF.Round(1 / 40f * 255f), Level(0));
        Assert.Equal((byte)255, Level(ContactSheet.MaxRows - 1));
    }
}
