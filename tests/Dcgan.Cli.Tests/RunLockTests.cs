using System.Diagnostics;
using Dcgan.Runtime;
using Dcgan.Runtime.IO;
using Dcgan.Tests.Shared;
using Xunit.Abstractions;

namespace Dcgan.Cli.Tests;

/// <summary>
/// One trainer per run directory. A training process is frozen with SIGSTOP at a chosen line of its output (so
/// nothing here depends on how fast the machine is) while a second trainer tries the same directory and a reader
/// generates from its checkpoint; then it is let go and must finish as if nothing had happened.
/// </summary>
public sealed class RunLockTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-lock-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Data()
    {
        string data = Path.Combine(_root, "data");
        RandomMnist.Write(data, 40, seed: 2);
        return data;
    }

    /// <summary>fc_conv_mnist on 40 images at batch 8: 5 steps an epoch.</summary>
    private string[] Fresh(string run, params string[] more) => FreshAt(8, run, more);

    private string[] FreshAt(int batch, string run, params string[] more) =>
        ["train", "--model", "fc_conv_mnist", "--dataset", $"idx:{Data()}", "--batch-size", $"{batch}", "--epochs", "8", "--seed", "3",
         "--threads", "1", "--log-every", "1", "--checkpoint-every", "4", "--out", run, .. more];

    [Fact]
    public void A_second_trainer_is_refused_with_the_pid_while_the_first_finishes_and_generate_reads_beside_it()
    {
        string run = Path.Combine(_root, "run");
        Assert.Equal(0, CliProcess.Run(Fresh(run, "--max-steps", "10")).ExitCode);
        string[] resume = ["train", "--resume", run, "--max-steps", "30", "--threads", "1", "--log-every", "1", "--checkpoint-every", "4"];

        var first = Frozen.AtLine(resume, line => line.StartsWith("  epoch 3 step 2/5", StringComparison.Ordinal), environment: null);
        int pid = first.Pid;
        var before = Snapshot(run);

        var second = CliProcess.Run(resume);
        output.WriteLine(second.Error);
        Assert.Equal(1, second.ExitCode);
        Assert.Equal($"dcgan-cli: {run} is being trained by another dcgan-cli train (pid {pid}); wait for it to finish or stop it, then try again",
            second.Error.Trim());
        Assert.Equal("", second.Out);
        Assert.Equal(before, Snapshot(run));

        // A reader never takes the lock: the newest whole checkpoint generates while the run trains.
        string png = Path.Combine(_root, "during.png");
        string newest = Directory.GetFiles(Path.Combine(run, "checkpoints"), "step_*.safetensors").Order(StringComparer.Ordinal).Last();
        var generate = CliProcess.Run(["generate", newest, "--count", "4", "--out", png]);
        Assert.True(generate.ExitCode == 0, generate.Error);
        Assert.True(File.Exists(png));

        var finished = first.Continue();
        Assert.True(finished.ExitCode == 0, finished.Error);
        Assert.Equal("30", SafeTensorsFile.Read(Path.Combine(run, "checkpoints", "final.safetensors")).Metadata["step"]);
        Assert.False(File.Exists(Path.Combine(run, RunLock.PidFileName)), "the pid file outlived its run");
    }

    [Fact]
    public void A_trainer_killed_with_sigkill_leaves_a_directory_the_next_resume_takes_at_once()
    {
        string run = Path.Combine(_root, "run");
        var killed = CliProcess.Run(Fresh(run, "--max-steps", "20"), new Dictionary<string, string?> { [CrashPoint.Variable] = "after-step:9" });
        Assert.Equal(137, killed.ExitCode);
        Assert.True(File.Exists(Path.Combine(run, RunLock.PidFileName)), "SIGKILL gave the run no chance to remove its pid file");

        var resumed = CliProcess.Run(["train", "--resume", run, "--threads", "1"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.DoesNotContain("being trained", resumed.Error + resumed.Out);
        Assert.Equal("20", SafeTensorsFile.Read(Path.Combine(run, "checkpoints", "final.safetensors")).Metadata["step"]);
    }

    [Fact]
    public void A_rollback_keeps_the_lock_while_it_resumes_inside_the_process()
    {
        string run = Path.Combine(_root, "run");
        var environment = new Dictionary<string, string?> { [DivergencePoint.Variable] = "after-step:7" };
        bool rolledBack = false;
        var first = Frozen.AtLine(Fresh(run, "--max-steps", "15", "--on-nan", "rollback"), line =>
        {
            rolledBack |= line.Contains("Rolling back to", StringComparison.Ordinal);
            return rolledBack && line.StartsWith("  epoch 2 step 3/5", StringComparison.Ordinal);
        }, environment);

        var second = CliProcess.Run(["train", "--resume", run, "--threads", "1"]);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"(pid {first.Pid})", second.Error);

        var finished = first.Continue();
        Assert.True(finished.ExitCode == 0, finished.Error);
        Assert.Contains("Rolling back to", finished.Out);
        Assert.Equal("15", SafeTensorsFile.Read(Path.Combine(run, "checkpoints", "final.safetensors")).Metadata["step"]);
    }

    [Fact]
    public void A_second_lock_in_one_process_is_refused_and_a_lock_file_left_behind_blocks_no_one()
    {
        string run = Path.Combine(_root, "run");
        using (var held = RunLock.Acquire(run))
        {
            Assert.Null(RunLock.TryAcquire(run, out string holder));
            Assert.Equal($"another dcgan-cli train (pid {Environment.ProcessId})", holder);
        }
        // The lock created the directory and nothing else was written: both are gone again.
        Assert.False(Directory.Exists(run));

        // A lock file without a holder (its process died) is taken at once, and a fresh --out may use its directory.
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, RunLock.FileName), "");
        File.WriteAllText(Path.Combine(run, RunLock.PidFileName), "999999999\n");
        var fresh = CliProcess.Run(Fresh(run, "--max-steps", "2"));
        Assert.True(fresh.ExitCode == 0, fresh.Error);
        Assert.True(File.Exists(Path.Combine(run, "checkpoints", "final.safetensors")));
    }

    [Fact]
    public void A_fresh_run_refused_before_training_leaves_no_directory_behind()
    {
        string run = Path.Combine(_root, "refused");
        var result = CliProcess.Run(FreshAt(64, run));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("larger than the dataset", result.Error);
        Assert.False(Directory.Exists(run));
    }

    /// <summary>Every file of the run with its size and time of last write.</summary>
    private static string Snapshot(string run) => string.Join("\n", Directory.GetFiles(run, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}"));

    /// <summary>A dcgan-cli process stopped with SIGSTOP as soon as it prints the chosen line, until <see cref="Continue"/>.</summary>
    private sealed class Frozen
    {
        private readonly Task<CliResult> _running;
        public int Pid { get; }

        private Frozen(Task<CliResult> running, int pid)
        {
            _running = running;
            Pid = pid;
        }

        public static Frozen AtLine(string[] args, Func<string, bool> isTheLine, IReadOnlyDictionary<string, string?>? environment)
        {
            var stopped = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = Task.Run(() => CliProcess.Run(args, environment, line =>
            {
                if (!stopped.Task.IsCompleted && isTheLine(line))
                {
                    // The process prints the line and goes on; the pid it wrote beside its lock names it.
                    string run = args[Array.IndexOf(args, args.Contains("--resume") ? "--resume" : "--out") + 1];
                    int pid = int.Parse(File.ReadAllText(Path.Combine(run, RunLock.PidFileName)).Trim());
                    Signal("STOP", pid);
                    WaitUntilStopped(pid);
                    stopped.SetResult(pid);
                }
                return false;
            }));
            if (Task.WaitAny([stopped.Task, running]) == 1)
                throw new InvalidOperationException($"the process ended before the chosen line: {running.Result.Out}\n{running.Result.Error}");
            return new Frozen(running, stopped.Task.Result);
        }

        public CliResult Continue()
        {
            Signal("CONT", Pid);
            return _running.GetAwaiter().GetResult();
        }

        /// <summary>SIGSTOP lands asynchronously: wait until every thread of the process reads as stopped ('T').</summary>
        private static void WaitUntilStopped(int pid)
        {
            while (!Directory.GetDirectories($"/proc/{pid}/task").All(task =>
                   {
                       try
                       {
                           string stat = File.ReadAllText(Path.Combine(task, "stat"));
                           return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
                       }
                       catch (IOException)
                       {
                           return true; // a thread that ended meanwhile
                       }
                   }))
                Thread.Sleep(10);
        }

        private static void Signal(string signal, int pid)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", pid.ToString() } })!;
            kill.WaitForExit();
            if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} failed");
        }
    }
}
