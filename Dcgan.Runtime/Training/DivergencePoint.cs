namespace Dcgan.Runtime;

/// <summary>
/// For tests of divergence handling on any device: <c>DCGAN_NAN_AT=after-step:N</c> in a training process's
/// environment makes the first computation of global step N in that process report G's loss as NaN, as a step that
/// diverged would. Only the first: a run rolled back past step N computes it again, and then it is finite. The device's
/// state is left as the step computed it, so what the trainer does next (stop, or roll back) is what it does for a real
/// divergence. Unset, it costs one comparison per step. A value that names no step is refused when training starts.
/// </summary>
public static class DivergencePoint
{
    public const string Variable = "DCGAN_NAN_AT";

    private static readonly string? s_setting = Environment.GetEnvironmentVariable(Variable);
    private static readonly long s_step = CrashPoint.ParseStep(s_setting);
    private static int s_fired;

    /// <summary>Refuses a setting that names no step (called as training starts, so a mistyped test fails at once).</summary>
    public static void Validate()
    {
        if (s_setting is null || s_step > 0) return;
        throw new DcganException($"{Variable}='{s_setting}' is not after-step:N (N >= 1)");
    }

    /// <summary>The step's result as the trainer should see it: <paramref name="result"/>, or with a NaN G loss the first time <paramref name="step"/> is the chosen one.</summary>
    public static StepResult AfterStep(long step, StepResult result)
        => step == s_step && Interlocked.Exchange(ref s_fired, 1) == 0 ? result with { GLoss = float.NaN } : result;
}
