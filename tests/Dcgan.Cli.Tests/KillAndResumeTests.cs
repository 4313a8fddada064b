using Dcgan.Runtime.Data;
using Dcgan.Runtime;
using Dcgan.Tests.Shared;
using Xunit.Abstractions;

namespace Dcgan.Cli.Tests;

/// <summary>
/// A training process killed with SIGKILL (no handler runs) at chosen points, and resumed each time, ends with the same
/// parameters, bit for bit, as a run that was never stopped: whatever the kill interrupted, the newest checkpoint on
/// disk is whole. The points are chosen, not timed (<see cref="CrashPoint"/>: the process kills itself there), so the
/// test tests the same thing on a fast or a slow, idle or loaded machine.
/// </summary>
public sealed class KillAndResumeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-kill-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// 640 images at batch 32: 20 steps an epoch, 8 epochs, 160 steps; a checkpoint every 3 steps within an epoch and
    /// one at each epoch's end (steps 20, 40, ...). Each kill and the checkpoint the next process resumes from.
    /// </summary>
    private static readonly (string KillAt, long ResumesFrom)[] Kills =
    [
        ("after-step:7", 6),                              // mid-epoch, a step after a checkpoint
        ("before-rename:step_0000012.safetensors", 9),    // a checkpoint written whole, not yet renamed into place
        ("after-step:20", 18),                            // an epoch's last step, before its samples and checkpoint
        ("before-rename:step_0000020.safetensors", 18),   // the epoch's own checkpoint, not yet renamed
        ("after-step:100", 99),                           // later, mid-run
        ("before-rename:final.safetensors", 160),         // the last file of the run
    ];

    [Fact]
    public void Killed_at_chosen_points_and_resumed_ends_like_an_uninterrupted_run()
    {
        string data = Path.Combine(_root, "data");
        RandomMnist.Write(data, 640, seed: 12);
        string[] run = ["train", "--model", "pyimagesearch", "--dataset", $"idx:{data}", "--batch-size", "32", "--epochs", "8",
            "--seed", "5", "--checkpoint-every", "3", "--threads", "1"];

        string straight = Path.Combine(_root, "straight"), killed = Path.Combine(_root, "killed");
        Assert.Equal(0, CliProcess.Run([.. run, "--out", straight]).ExitCode);

        string checkpoints = Path.Combine(killed, "checkpoints");
        for (int i = 0; i < Kills.Length; i++)
        {
            var (killAt, resumesFrom) = Kills[i];
            string[] args = i == 0 ? [.. run, "--out", killed] : ["train", "--resume", killed, "--threads", "1", "--checkpoint-every", "3"];
            var result = CliProcess.Run(args, new Dictionary<string, string?> { [CrashPoint.Variable] = killAt });
            Assert.True(result.ExitCode == 137, $"{killAt}: exit {result.ExitCode}, not SIGKILL's 137; the kill did not land. {result.Error}");
            Assert.False(File.Exists(Path.Combine(checkpoints, "final.safetensors")), $"{killAt}: the run finished");
            string newest = Directory.GetFiles(checkpoints, "step_*.safetensors").Order(StringComparer.Ordinal).Last();
            Assert.Equal($"step_{resumesFrom:D7}.safetensors", Path.GetFileName(newest));
            output.WriteLine($"killed at {killAt}; newest checkpoint {Path.GetFileName(newest)}");
        }
        var last = CliProcess.Run(["train", "--resume", killed, "--threads", "1", "--checkpoint-every", "3"]);
        Assert.True(last.ExitCode == 0, last.Error);

        Assert.Equal(File.ReadAllBytes(Path.Combine(straight, "checkpoints", "final.safetensors")),
            File.ReadAllBytes(Path.Combine(checkpoints, "final.safetensors")));
        // The kills before a rename left temporary files; resuming cleared them.
        Assert.Empty(Directory.GetFiles(killed, ".*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_crash_point_that_names_no_point_is_refused_in_one_line()
    {
        string data = Path.Combine(_root, "data");
        IdxFile.Write(Path.Combine(data, "train-images-idx3-ubyte"), [64, 28, 28], new byte[64 * 28 * 28]);
        IdxFile.Write(Path.Combine(data, "train-labels-idx1-ubyte"), [64], new byte[64]);
        var result = CliProcess.Run(["train", "--model", "pyimagesearch", "--dataset", $"idx:{data}", "--batch-size", "32", "--out", Path.Combine(_root, "x")],
            new Dictionary<string, string?> { [CrashPoint.Variable] = "after-step:soon" });
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"dcgan-cli: {CrashPoint.Variable}='after-step:soon' is not after-step:N (N >= 1) or before-rename:FILE", result.Error.Trim());
    }
}
