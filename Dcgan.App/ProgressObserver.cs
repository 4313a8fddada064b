using Dcgan.Runtime;
using Spectre.Console;

namespace Dcgan.App;

/// <summary>
/// On a terminal: a live bar per epoch (steps, percentage, time left, the latest losses and images/s),
/// drawn by Spectre.Console; the other lines print above it.
/// </summary>
public sealed class ProgressObserver(ProgressContext context) : TextObserver
{
    private ProgressTask? _bar;
    private int _barEpoch;

    /// <summary>Runs <paramref name="train"/> inside a live progress display and returns what it returns.</summary>
    public static T Show<T>(Func<ProgressObserver, T> train) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => train(new ProgressObserver(context)));

    protected override void Line(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    /// <summary>The bar moves with every step; the losses beside it change at each log interval.</summary>
    public override void StepTaken(long step, int epoch, int stepInEpoch, int stepsPerEpoch) => Bar(epoch, stepsPerEpoch).Value = stepInEpoch;

    public override void StepsDone(TrainingMetrics m)
    {
        var bar = Bar(m.Epoch, m.StepsPerEpoch);
        bar.Value = m.StepInEpoch;
        // Short enough to leave room for the bar on an 80-column terminal; the full figures go to metrics.csv.
        bar.Description = Markup.Escape($"epoch {m.Epoch}  D {m.DLoss:F2} G {m.GLoss:F2}  D(x) {m.DOfReal:F2} D(G(z)) {m.DOfFake:F2}  {m.ImagesPerSecond:N0}/s");
    }

    private ProgressTask Bar(int epoch, int stepsPerEpoch)
    {
        if (_bar is null || _barEpoch != epoch)
        {
            _bar?.StopTask();
            _bar = context.AddTask($"epoch {epoch}", maxValue: stepsPerEpoch);
            _barEpoch = epoch;
        }
        return _bar;
    }

    public override void EpochDone(TrainingMetrics m, string samplePath)
    {
        _bar?.StopTask();
        base.EpochDone(m, samplePath);
    }
}
