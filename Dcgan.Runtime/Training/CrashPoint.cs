using System.Diagnostics;
using System.Globalization;

namespace Dcgan.Runtime;

/// <summary>
/// For tests of crash safety: <c>DCGAN_KILL_AT</c> in a training process's environment makes it kill itself with
/// SIGKILL (no handler runs, nothing is flushed, as when the machine loses power or the kernel's OOM killer strikes)
/// at one chosen point, so a test of resuming tests the same thing on a fast or a slow, idle or loaded machine:
/// <list type="bullet">
/// <item><c>after-step:N</c>: as soon as global step N has been computed, before its metrics, checkpoint or samples;</item>
/// <item><c>before-rename:FILE</c>: when FILE (a file name, as <c>step_0000012.safetensors</c> or
/// <c>final.safetensors</c>) has been written whole to its temporary file and flushed, before it is renamed into place.</item>
/// </list>
/// Unset, it costs one comparison per step. A value that is neither is refused when training starts.
/// </summary>
public static class CrashPoint
{
    public const string Variable = "DCGAN_KILL_AT";

    private static readonly string? s_setting = Environment.GetEnvironmentVariable(Variable);
    private static readonly long s_afterStep = ParseStep(s_setting);
    private static readonly string? s_beforeRename = s_setting?.StartsWith("before-rename:", StringComparison.Ordinal) == true ? s_setting["before-rename:".Length..] : null;

    /// <summary>Refuses a setting that names no point (called as training starts, so a mistyped test fails at once).</summary>
    public static void Validate()
    {
        if (s_setting is null || s_afterStep > 0 || s_beforeRename is { Length: > 0 }) return;
        throw new DcganException($"{Variable}='{s_setting}' is not after-step:N (N >= 1) or before-rename:FILE");
    }

    public static void AfterStep(long step)
    {
        if (step == s_afterStep) Die();
    }

    public static void BeforeRename(string path)
    {
        if (s_beforeRename is not null && Path.GetFileName(path) == s_beforeRename) Die();
    }

    private static void Die()
    {
        using var self = Process.GetCurrentProcess();
        self.Kill();
        Thread.Sleep(Timeout.Infinite); // SIGKILL is delivered asynchronously; nothing after this point may run
    }

    /// <summary>N of a setting <c>after-step:N</c> (N >= 1), else -1: the form both test hooks (this and <see cref="DivergencePoint"/>) take.</summary>
    internal static long ParseStep(string? setting)
        => setting?.StartsWith("after-step:", StringComparison.Ordinal) == true
           && long.TryParse(setting["after-step:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out long step) && step >= 1
            ? step : -1;
}
