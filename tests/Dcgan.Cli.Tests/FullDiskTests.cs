using System.Diagnostics;
using Dcgan.Runtime;
using Dcgan.Tests.Shared;

namespace Dcgan.Cli.Tests;

/// <summary>
/// A disk that fills while a checkpoint is written: a real one, a 14 MiB tmpfs that holds one fc_conv_mnist checkpoint
/// (8.7 MB) but not two. The run stops with one line and exit 1, the previous checkpoint stays whole and loadable,
/// and no temporary file is left behind.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-full-").FullName;

    public void Dispose()
    {
        if (SmallDisk.IsMounted(Mount)) Run("umount", Mount);
        Directory.Delete(_root, recursive: true);
    }

    private string Mount => Path.Combine(_root, "disk");

    [SmallDiskFact]
    public void A_checkpoint_that_does_not_fit_fails_cleanly_and_keeps_the_previous_one()
    {
        Directory.CreateDirectory(Mount);
        Assert.True(Run("mount", "-t", "tmpfs", "-o", "size=14m", "tmpfs", Mount) == 0, "mounting the small disk failed");
        string data = Path.Combine(_root, "data");
        RandomMnist.Write(data, 320, seed: 2);
        string run = Path.Combine(Mount, "run");

        var (code, _, error) = CliHarness.Run("train", "--model", "fc_conv_mnist", "--dataset", $"idx:{data}", "--batch-size", "16",
            "--max-steps", "12", "--checkpoint-every", "4", "--out", run);
        Assert.Equal(1, code);
        Assert.Contains("No space left on device", error);
        Assert.Single(error.Trim().Split('\n'));
        string checkpoints = Path.Combine(run, "checkpoints");
        Assert.Equal(["step_0000004.safetensors"], Directory.GetFiles(checkpoints).Select(Path.GetFileName));
        using var state = new GanState(ModelCatalog.Require("fc_conv_mnist").Definition, 16);
        var metadata = Checkpoint.Load(Path.Combine(checkpoints, "step_0000004.safetensors"), state);
        Assert.Equal("4", metadata["step"]);
    }

    internal static int Run(string program, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}

/// <summary>Whether this process may mount a small tmpfs (root with the right to mount, as on this project's machines).</summary>
internal static class SmallDisk
{
    public static readonly bool CanMount = Probe();

    public static bool IsMounted(string path) => File.Exists("/proc/mounts") && File.ReadAllText("/proc/mounts").Contains($" {path} ");

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        string probe = Directory.CreateTempSubdirectory("dcgan-mount-probe-").FullName;
        try
        {
            if (FullDiskTests.Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe) != 0) return false;
            FullDiskTests.Run("umount", probe);
            return true;
        }
        finally
        {
            Directory.Delete(probe, recursive: true);
        }
    }
}

/// <summary>Skipped, and reported as skipped, where this process cannot mount a tmpfs.</summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (!SmallDisk.CanMount) Skip = "this process cannot mount a small tmpfs to fill";
    }
}
