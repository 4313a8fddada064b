using System.Diagnostics;
using Dcgan.Runtime.Data;
using Xunit.Abstractions;

namespace Dcgan.Cli.Tests;

/// <summary>
/// A training process killed (SIGKILL: no handler runs) at random moments and resumed each time ends with
/// the same parameters, bit for bit, as a run that was never stopped: whatever the kill interrupted, the
/// newest checkpoint on disk is whole.
/// </summary>
public sealed class KillAndResumeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-kill-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Killed_at_random_points_and_resumed_ends_like_an_uninterrupted_run()
    {
        string data = Path.Combine(_root, "data");
        var images = new byte[640 * 28 * 28];
        new Random(12).NextBytes(images);
        IdxFile.Write(Path.Combine(data, "train-images-idx3-ubyte"), [640, 28, 28], images);
        IdxFile.Write(Path.Combine(data, "train-labels-idx1-ubyte"), [640], new byte[640]);
        string[] run = ["train", "--model", "pyimagesearch", "--dataset", $"idx:{data}", "--batch-size", "32", "--epochs", "8",
            "--seed", "5", "--checkpoint-every", "3", "--threads", "1"];

        string straight = Path.Combine(_root, "straight"), killed = Path.Combine(_root, "killed");
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, Cli([.. run, "--out", straight], killAfter: null).ExitCode);
        // Kills land between a fifth and nine twentieths of a whole run's time (start-up included), so each
        // cycle makes progress and most are cut off mid-run, wherever the run happens to be.
        double whole = clock.Elapsed.TotalMilliseconds;

        var random = new Random(7);
        int kills = 0, cycles = 0;
        string final = Path.Combine(killed, "checkpoints", "final.safetensors");
        while (!File.Exists(final))
        {
            Assert.True(++cycles <= 30, $"the run never finished ({kills} kills)");
            bool started = Directory.Exists(Path.Combine(killed, "checkpoints")) && Directory.GetFiles(Path.Combine(killed, "checkpoints"), "step_*").Length > 0;
            string[] args = started ? ["train", "--resume", killed, "--threads", "1", "--checkpoint-every", "3"] : [.. run, "--out", killed];
            var (code, wasKilled) = Cli(args, killAfter: TimeSpan.FromMilliseconds(whole * (0.2 + 0.25 * random.NextDouble())));
            if (wasKilled) kills++;
            else Assert.Equal(0, code);
        }
        output.WriteLine($"{kills} kills in {cycles} runs before the run finished");
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight, "checkpoints", "final.safetensors")), File.ReadAllBytes(final));
        Assert.True(kills >= 2, $"only {kills} kills landed; the test did not test resuming");
    }

    /// <summary>dcgan-cli in its own process; killed with SIGKILL after <paramref name="killAfter"/> if still running.</summary>
    private static (int ExitCode, bool Killed) Cli(string[] args, TimeSpan? killAfter)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dcgan-cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (process.ExitCode, true);
        }
        process.WaitForExit();
        return (process.ExitCode, false);
    }
}
