namespace Dcgan.Runtime.Cpu;

/// <summary>
/// A persistent pool of worker threads and an allocation-free parallel-for over task indices.
/// </summary>
/// <remarks>
/// Threads are created once (and only added when <see cref="CpuKernels.Threads"/> grows), so a
/// training step never creates threads, tasks or closures. The body is a function pointer taking a
/// context pointer to a struct on the caller's stack: the caller blocks until every task is done,
/// which keeps that struct alive. Tasks are claimed from a shared counter, so which thread runs a
/// task varies; kernels keep results deterministic by making every task write only its own outputs
/// and by never letting the task split depend on the thread count for reductions.
/// The caller never waits for a worker that has not shown up: a worker joins a region only while it
/// is open, and the caller, having claimed the last task itself if need be, closes it and waits only
/// for the workers that joined. On a machine busy with other processes, a worker the scheduler has not
/// run yet costs nothing rather than a time slice per kernel call.
/// </remarks>
internal static unsafe class WorkerPool
{
    // Counted wake-ups: the caller releases exactly as many workers as it wants this round.
    private static readonly SemaphoreSlim s_wake = new(0, int.MaxValue);
    private static Thread[] s_workers = [];

    private static delegate*<void*, int, int, void> s_body;
    private static void* s_context;
    private static int s_taskCount;
    private static int s_grain; // tasks claimed at once
    private static int s_nextTask;
    private static int s_open;   // 1 while workers may join the current region
    private static int s_joined; // workers inside the current region
    private static bool s_regionActive;
    private static Exception? s_failure;
    // Managed bytes each worker thread had allocated when it last finished a region (tests check it stays flat).
    private static long[] s_workerAllocatedBytes = [];

    // Scratch slot of the current thread: 0 for whoever calls the kernels, 1.. for workers.
    [ThreadStatic] private static int t_slot;
    [ThreadStatic] private static bool t_isWorker;

    /// <summary>Scratch slots that may be in use at once: the caller's plus one per worker.</summary>
    public static int SlotCount => s_workers.Length + 1;

    /// <summary>
    /// Runs body(context, task, slot) for task in [0, taskCount) across up to
    /// <see cref="CpuKernels.Threads"/> threads; slot identifies the running thread's scratch.
    /// Nested calls (from inside a body) run serially on the current thread.
    /// </summary>
    public static void For(int taskCount, delegate*<void*, int, int, void> body, void* context)
    {
        if (taskCount <= 0) return;
        int workers = Math.Min(CpuKernels.Threads, taskCount) - 1;
        if (workers <= 0 || s_regionActive || t_isWorker)
        {
            int slot = t_slot;
            for (int task = 0; task < taskCount; task++) body(context, task, slot);
            return;
        }

        EnsureWorkers(workers);
        s_body = body;
        s_context = context;
        s_taskCount = taskCount;
        s_grain = Grain(taskCount, workers + 1);
        s_nextTask = 0;
        s_failure = null;
        s_regionActive = true;
        Volatile.Write(ref s_open, 1); // a release: a worker that sees the region open sees the fields above
        try
        {
            s_wake.Release(workers);
            RunTasks(0);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref s_failure, e, null);
        }
        finally
        {
            // Workers inside the region still hold s_context, which points into our caller's stack:
            // close it to newcomers, then wait for those inside (they are running, so this is short).
            Interlocked.Exchange(ref s_open, 0);
            var spin = new SpinWait();
            while (Volatile.Read(ref s_joined) != 0) spin.SpinOnce(sleep1Threshold: -1);
            s_regionActive = false;
        }
        if (s_failure is { } failure)
            throw new InvalidOperationException("a CPU kernel task failed", failure);
    }

    /// <summary>Makes sure at least <paramref name="workers"/> worker threads and their scratch slots exist.</summary>
    public static void EnsureWorkers(int workers)
    {
        if (workers <= s_workers.Length) return;
        // Everything a new worker touches must exist before it starts: a wake-up left over from an
        // earlier region (released to workers that came after it closed) lets it run at once.
        Scratch.EnsureSlots(workers + 1);
        var allocated = new long[workers];
        Array.Copy(s_workerAllocatedBytes, allocated, s_workerAllocatedBytes.Length);
        Volatile.Write(ref s_workerAllocatedBytes, allocated);
        var grown = new Thread[workers];
        Array.Copy(s_workers, grown, s_workers.Length);
        for (int i = s_workers.Length; i < workers; i++)
        {
            int slot = i + 1;
            grown[i] = new Thread(() => WorkerLoop(slot)) { IsBackground = true, Name = $"dcgan-cpu-{slot}" };
            grown[i].Start();
        }
        s_workers = grown;
    }

    /// <summary>Managed bytes allocated so far by all worker threads, as of the end of their last region.</summary>
    public static long WorkerAllocatedBytes()
    {
        long total = 0;
        for (int i = 0; i < s_workerAllocatedBytes.Length; i++) total += Volatile.Read(ref s_workerAllocatedBytes[i]);
        return total;
    }

    /// <summary>
    /// Tasks a thread claims at once: enough that claiming (an atomic add on a line every thread writes) is rare beside
    /// the work when a kernel has thousands of small tasks (one per image row), yet about eight claims per thread, so a
    /// thread that falls behind still leaves work for the others. Which thread runs a task never changes a result.
    /// </summary>
    internal static int Grain(int taskCount, int threads) => Math.Max(1, taskCount / (8 * threads));

    private static void RunTasks(int slot)
    {
        var body = s_body;
        void* context = s_context;
        int count = s_taskCount, grain = s_grain;
        while (true)
        {
            int first = Interlocked.Add(ref s_nextTask, grain) - grain;
            if (first >= count) return;
            int end = Math.Min(first + grain, count);
            for (int task = first; task < end; task++) body(context, task, slot);
        }
    }

    private static void WorkerLoop(int slot)
    {
        t_slot = slot;
        t_isWorker = true;
        while (true)
        {
            // Kernels come in bursts (one training step is dozens of calls): spin briefly before
            // sleeping so the next region does not pay a full thread wake-up.
            for (int i = 0; i < 4000 && s_wake.CurrentCount == 0; i++) Thread.SpinWait(30);
            s_wake.Wait();
            Interlocked.Increment(ref s_joined); // a full fence, before looking whether the region is open
            try
            {
                // A wake-up that comes after its region closed finds nothing to do (and touches nothing).
                if (Volatile.Read(ref s_open) == 1) RunTasks(slot);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref s_failure, e, null);
            }
            Volatile.Write(ref s_workerAllocatedBytes[slot - 1], GC.GetAllocatedBytesForCurrentThread());
            Interlocked.Decrement(ref s_joined);
        }
    }
}
