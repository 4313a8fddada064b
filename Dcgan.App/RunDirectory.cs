using Dcgan.Runtime.IO;

namespace Dcgan.App;

/// <summary>Picks where a run writes, never on top of an earlier run or beside a running one, and checks that it can be written before any data is loaded.</summary>
public static class RunDirectory
{
    /// <summary>
    /// The run directory, locked for this process (<see cref="RunLock"/>): <paramref name="requested"/>, else the first
    /// free <c>runs/&lt;model&gt;[-N]</c>. The lock creates the directory; a run refused before the trainer writes
    /// anything releases it and the empty directory goes with it.
    /// </summary>
    public static RunLock Claim(string? requested, string model)
    {
        if (requested is not null)
        {
            RefuseRun(requested);
            WritableLocation.RequireDirectory("--out", requested);
            var held = RunLock.Acquire(requested);
            if (HoldsRun(requested))
            {
                // Another run wrote its first files between the look above and the lock.
                held.Dispose();
                RefuseRun(requested);
            }
            return held;
        }
        string baseName = Path.Combine("runs", model);
        for (int n = 1; ; n++)
        {
            string path = n == 1 ? baseName : $"{baseName}-{n}";
            if (HoldsRun(path)) continue;
            WritableLocation.RequireDirectory("run directory", path);
            var held = RunLock.TryAcquire(path, out _);
            if (held is null) continue;
            if (!HoldsRun(path)) return held;
            held.Dispose();
        }
    }

    /// <summary>A directory holds a run once it holds anything besides the lock files.</summary>
    private static bool HoldsRun(string path)
        => Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any(entry => !RunLock.IsLockFile(entry));

    private static void RefuseRun(string requested)
    {
        if (HoldsRun(requested))
            throw new UsageException($"--out {requested} already holds files; choose another directory or remove it");
    }
}
