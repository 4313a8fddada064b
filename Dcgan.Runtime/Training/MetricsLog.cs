using System.Globalization;

namespace Dcgan.Runtime;

/// <summary>metrics.csv: one row per log interval, flushed as written so a crash loses at most one row.</summary>
public sealed class MetricsLog : IDisposable
{
    private readonly StreamWriter _writer;

    public MetricsLog(string path)
    {
        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
        _writer.WriteLine("step,epoch,d_loss,g_loss,d_x,d_g_z,images_per_s");
    }

    public void Write(TrainingMetrics m) => _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{m.Step},{m.Epoch},{m.DLoss:G6},{m.GLoss:G6},{m.DOfReal:G6},{m.DOfFake:G6},{m.ImagesPerSecond:F1}"));

    public void Dispose() => _writer.Dispose();
}
