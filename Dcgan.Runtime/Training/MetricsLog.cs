using System.Globalization;

namespace Dcgan.Runtime;

/// <summary>
/// metrics.csv: one row per log interval, flushed as written so a crash loses at most one row. The last three
/// columns (FID, digits covered, mean judge confidence) are filled on the rows where the images were measured.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    private readonly StreamWriter _writer;

    /// <param name="append">Continue an existing file (a resumed run) rather than start a new one.</param>
    public MetricsLog(string path, bool append = false)
    {
        bool header = !append || !File.Exists(path) || new FileInfo(path).Length == 0;
        _writer = new StreamWriter(path, append) { AutoFlush = true };
        if (header) _writer.WriteLine(Header);
    }

    public const string Header = "step,epoch,d_loss,g_loss,d_x,d_g_z,images_per_s,fid,digits_covered,confidence";

    public void Write(TrainingMetrics m) => _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{m.Step},{m.Epoch},{m.DLoss:G6},{m.GLoss:G6},{m.DOfReal:G6},{m.DOfFake:G6},{m.ImagesPerSecond:F1},")
        + (m.Quality is { } q ? string.Create(CultureInfo.InvariantCulture, $"{q.Fid:F3},{q.ClassesCovered},{q.MeanConfidence:F4}") : ",,"));

    public void Dispose() => _writer.Dispose();
}
