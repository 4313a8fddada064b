using System.Diagnostics;

namespace Dcgan.Runtime.Tests.Fuzzing;

/// <summary>How one parser fared: mutated files run, how many it loaded and how many it refused with a DcganException.</summary>
public sealed record FuzzTally(string Parser, int Run, int Loaded, int Refused, long LargestAllocation, int LargestAllocationFileBytes, TimeSpan SlowestCase)
{
    public override string ToString()
        => $"{Parser}: {Run} mutated files, {Loaded} loaded, {Refused} refused with DcganException; "
           + $"largest allocation {LargestAllocation / 1024.0:F0} KiB (for a {LargestAllocationFileBytes}-byte file), slowest case {SlowestCase.TotalMilliseconds:F1} ms";
}

/// <summary>
/// Feeds a parser mutated files and holds it to what a user depends on: each input loads or is refused with
/// a <see cref="DcganException"/> whose one-line message names the file (never another exception type), no
/// case hangs (a watchdog thread notices one while it happens), and no case allocates
/// more than a bound proportional to the file's own size, so no header's size claim is trusted unchecked.
/// </summary>
public static class FuzzHarness
{
    /// <summary>
    /// A hang detector, not a speed test: cases take micro- to milliseconds, and one that runs for two minutes is stuck
    /// in a loop on any machine, however slow or loaded (the test would otherwise never end).
    /// </summary>
    public static TimeSpan HangLimit { get; } = TimeSpan.FromMinutes(2);

    /// <param name="source">The name the parser is given for the file; refusals must mention it.</param>
    /// <param name="mutate">Makes the i-th mutated file from the mutator, with a description of the damage.</param>
    /// <param name="parse">Parses one file; returns normally when it loads.</param>
    /// <param name="bytesPerFileByte">The allocation allowed per byte of the mutated file.</param>
    /// <param name="fixedBytes">An allowance independent of the file (buffers, the exception and its message).</param>
    public static FuzzTally Run(string parser, string source, int cases, int seed, Func<Mutator, (byte[] Bytes, string What)> mutate,
        Action<byte[]> parse, long bytesPerFileByte, long fixedBytes = 256 * 1024)
    {
        int loaded = 0, refused = 0;
        long largest = 0;
        int largestFile = 0;
        var slowest = TimeSpan.Zero;
        string? failure = null;
        long caseStarted = 0;
        int current = -1;
        string currentWhat = "";

        var worker = new Thread(() =>
        {
            var mutator = new Mutator(seed);
            for (int i = 0; i < cases && failure is null; i++)
            {
                var (bytes, what) = mutate(mutator);
                currentWhat = what;
                Volatile.Write(ref current, i);
                Volatile.Write(ref caseStarted, Stopwatch.GetTimestamp());
                long before = GC.GetAllocatedBytesForCurrentThread();
                Exception? thrown = null;
                try
                {
                    parse(bytes);
                }
                catch (Exception e)
                {
                    thrown = e;
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref caseStarted));
                Volatile.Write(ref caseStarted, 0);

                string where = $"{parser} case {i} of seed {seed} ({what}, {bytes.Length} bytes)";
                if (thrown is null) loaded++;
                else if (thrown is DcganException refusal && refusal.Message.Contains(source, StringComparison.Ordinal) && !refusal.Message.Contains('\n'))
                    refused++;
                else
                    failure = $"{where}: expected a load or a one-line DcganException naming {source}, got {thrown.GetType().Name}: {thrown}";
                long allowed = bytesPerFileByte * bytes.Length + fixedBytes;
                if (failure is null && allocated > allowed)
                    failure = $"{where}: allocated {allocated} bytes, more than the {allowed} allowed for a file of its size";
                if (allocated > largest) (largest, largestFile) = (allocated, bytes.Length);
                if (elapsed > slowest) slowest = elapsed;
            }
        }) { IsBackground = true, Name = $"fuzz {parser}" };
        worker.Start();

        // The watchdog: a parser stuck in a loop never returns to be timed, so the wait itself is bounded.
        while (!worker.Join(TimeSpan.FromMilliseconds(50)))
        {
            long started = Volatile.Read(ref caseStarted);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > HangLimit)
                Assert.Fail($"{parser} case {Volatile.Read(ref current)} of seed {seed} ({currentWhat}) has run for over {HangLimit.TotalSeconds} s: a hang");
        }
        if (failure is not null) Assert.Fail(failure);
        return new FuzzTally(parser, cases, loaded, refused, largest, largestFile, slowest);
    }
}
