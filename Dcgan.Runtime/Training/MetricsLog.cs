using System.Globalization;

namespace Dcgan.Runtime;

/// <summary>metrics.csv: one row per log interval, flushed as written so a crash loses at most one row.</summary>
public sealed class MetricsLog : IDisposable
{
    private readonly StreamWriter _writer;

    /// <param name="append">Continue an existing file (a resumed run) rather than start a new one.</param>
    public MetricsLog(string path, bool append = false)
    {
        bool header = !append || !File.Exists(path) || new FileInfo(path).Length == 0;
        _writer = new StreamWriter(path, append) { AutoFlush = true };
        if (header) _writer.WriteLine("step,epoch,d_loss,g_loss,d_x,d_g_z,images_per_s");
    }

    public void Write(TrainingMetrics m) => _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{m.Step},{m.Epoch},{m.DLoss:G6},{m.GLoss:G6},{m.DOfReal:G6},{m.DOfFake:G6},{m.ImagesPerSecond:F1}"));

    public void Dispose() => _writer.Dispose();
}
