using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>What the training loop relies on beyond numbers: no allocation, no dependence on thread count.</summary>
public sealed unsafe class PoolBehaviourTests
{
    [Fact]
    public void KernelsAllocateNothingAfterWarmUpOnAnyThread()
    {
        int threads = CpuKernels.Threads;
        try
        {
            CpuKernels.Threads = Math.Max(2, threads);
            using var suite = new KernelSuite();
            suite.RunAll(); // warm-up: JIT, scratch growth, worker threads
            suite.RunAll();

            long callerBefore = GC.GetAllocatedBytesForCurrentThread();
            long workersBefore = WorkerPool.WorkerAllocatedBytes();
            for (int i = 0; i < 5; i++) suite.RunAll();
            long callerAllocated = GC.GetAllocatedBytesForCurrentThread() - callerBefore;
            long workersAllocated = WorkerPool.WorkerAllocatedBytes() - workersBefore;

            Assert.Equal(0, callerAllocated);
            Assert.Equal(0, workersAllocated);
        }
        finally
        {
            CpuKernels.Threads = threads;
        }
    }

    [Fact]
    public void ResultsAreBitIdenticalForAnyThreadCountAndRepeatedRuns()
    {
        int threads = CpuKernels.Threads;
        try
        {
            float[][]? baseline = null;
            foreach (int count in new[] { 1, 2, 3, 5, 2 })
            {
                CpuKernels.Threads = count;
                using var suite = new KernelSuite();
                suite.RunAll();
                suite.RunAll(); // second pass: accumulating outputs and updated state feed back in
                var outputs = suite.Outputs().ToArray();
                if (baseline is null)
                {
                    baseline = outputs.Select(o => o.Values).ToArray();
                    continue;
                }
                for (int i = 0; i < outputs.Length; i++)
                    Check.BitIdentical(baseline[i], outputs[i].Values, $"{outputs[i].Name} with {count} threads");
            }
        }
        finally
        {
            CpuKernels.Threads = threads;
        }
    }

    [Fact]
    public void ThreadsDefaultsToTheMachineAndRejectsZero()
    {
        Assert.True(CpuKernels.Threads >= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuKernels.Threads = 0);
    }

    [Fact]
    public void EveryTaskRunsExactlyOnceWhateverTheGrain()
    {
        int threads = CpuKernels.Threads;
        try
        {
            foreach (int count in new[] { 2, 3, 5 })
            {
                CpuKernels.Threads = count;
                // Around the grain's steps: fewer tasks than threads, one claim each, ragged last claims, thousands of rows.
                foreach (int tasks in new[] { 1, 2, 7, 8 * count, 8 * count + 1, 97, 1000, 8193 })
                {
                    var runs = new int[tasks];
                    fixed (int* counters = runs) WorkerPool.For(tasks, &CountRun, counters);
                    int wrong = Array.FindIndex(runs, r => r != 1);
                    if (wrong >= 0)
                        Assert.Fail($"{tasks} tasks on {count} threads (grain {WorkerPool.Grain(tasks, count)}): task {wrong} ran {runs[wrong]} times");
                }
            }
        }
        finally
        {
            CpuKernels.Threads = threads;
        }
    }

    private static void CountRun(void* context, int task, int slot) => Interlocked.Increment(ref ((int*)context)[task]);
}
