using System.Globalization;
using Dcgan.Runtime;

namespace Dcgan.App;

/// <summary>
/// losses.png from a run's metrics.csv (the whole run, resumed parts included): D's and G's loss on the
/// left axis, D(x) and D(G(z)) on the right, each smoothed by an exponential moving average over about
/// a twentieth of the run, the raw values faint behind; FID on a third axis where the run measured it.
/// Written to a temporary file and renamed.
/// </summary>
public static class LossPlot
{
    public static void Write(string metricsCsv, string pngPath)
    {
        var rows = Read(metricsCsv);
        if (rows.Count == 0) return;
        double[] steps = rows.Select(r => r[0]).ToArray();
        var plot = new ScottPlot.Plot();
        plot.Title("Training");
        plot.XLabel("step");
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = "D output (probability)";
        var series = new (int Column, string Name, bool Right)[] { (2, "D loss", false), (3, "G loss", false), (4, "D(x)", true), (5, "D(G(z))", true) };
        var palette = new ScottPlot.Palettes.Category10();
        for (int s = 0; s < series.Length; s++)
        {
            var (column, name, right) = series[s];
            double[] raw = rows.Select(r => r[column]).ToArray();
            var color = palette.GetColor(s);
            var faint = plot.Add.ScatterLine(steps, raw, color.WithAlpha(0.25));
            var smooth = plot.Add.ScatterLine(steps, Smooth(raw), color);
            smooth.LineWidth = 2;
            smooth.LegendText = name;
            if (right)
            {
                faint.Axes.YAxis = plot.Axes.Right;
                smooth.Axes.YAxis = plot.Axes.Right;
                smooth.LinePattern = ScottPlot.LinePattern.Dashed;
            }
        }
        plot.Axes.Right.Min = 0;
        plot.Axes.Right.Max = 1;
        var measured = rows.Where(r => r.Length > 7 && double.IsFinite(r[7])).ToList();
        if (measured.Count > 0)
        {
            // FID under the MNIST judge, where the run measured it (train --eval-every), on an axis of its own.
            var fidAxis = plot.Axes.AddLeftAxis();
            fidAxis.LabelText = "FID (judge)";
            var fid = plot.Add.Scatter(measured.Select(r => r[0]).ToArray(), measured.Select(r => r[7]).ToArray(), palette.GetColor(series.Length));
            fid.LineWidth = 2;
            fid.MarkerSize = 7;
            fid.LegendText = "FID";
            fid.Axes.YAxis = fidAxis;
        }
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        string temporary = pngPath + ".tmp.png";
        plot.SavePng(temporary, 1000, 500);
        File.Move(temporary, pngPath, overwrite: true);
    }

    private static double[] Smooth(double[] values)
    {
        double alpha = 2.0 / (Math.Max(2, values.Length / 20) + 1);
        var smoothed = new double[values.Length];
        double average = values[0];
        for (int i = 0; i < values.Length; i++)
            smoothed[i] = average = i == 0 ? values[0] : average + alpha * (values[i] - average);
        return smoothed;
    }

    private static List<double[]> Read(string path)
    {
        var rows = new List<double[]>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            var row = new double[cells.Length];
            // Seven columns, or ten with the image measurements, which are empty on rows without one.
            bool ok = cells.Length is 7 or 10;
            for (int i = 0; ok && i < cells.Length; i++)
            {
                if (i >= 7 && cells[i].Length == 0) row[i] = double.NaN;
                else ok = double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out row[i]) && double.IsFinite(row[i]);
            }
            if (!ok) throw new DcganException($"{path}: a row is not {MetricsLog.Header}: '{line}'");
            rows.Add(row);
        }
        return rows;
    }
}
