using Dcgan.Runtime;

namespace Dcgan.Cli.Tests;

public sealed class LossPlotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dcgan-plot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Metrics_become_a_1000_by_500_png_written_in_one_piece()
    {
        string csv = Path.Combine(_directory, "metrics.csv");
        var lines = new List<string> { "step,epoch,d_loss,g_loss,d_x,d_g_z,images_per_s" };
        for (int step = 10; step <= 400; step += 10)
            lines.Add($"{step},1,{1.3 - step / 1000.0},{0.7 + step / 500.0},{0.5 + step / 2000.0},{0.5 - step / 2000.0},800.0");
        File.WriteAllLines(csv, lines);
        string png = Path.Combine(_directory, "losses.png");
        LossPlot.Write(csv, png);
        var image = SixLabors.ImageSharp.Image.Identify(File.ReadAllBytes(png));
        Assert.Equal((1000, 500), (image.Width, image.Height));
        Assert.Equal([png], Directory.GetFiles(_directory, "*.png"));
    }

    [Fact]
    public void A_damaged_metrics_file_is_named_in_the_error()
    {
        string csv = Path.Combine(_directory, "metrics.csv");
        File.WriteAllLines(csv, ["step,epoch,d_loss,g_loss,d_x,d_g_z,images_per_s", "10,1,0.5,nan-ish,0.5,0.5"]);
        var error = Assert.Throws<DcganException>(() => LossPlot.Write(csv, Path.Combine(_directory, "losses.png")));
        Assert.Contains(csv, error.Message);
    }
}
