using System.Diagnostics;
using System.Globalization;

namespace Dcgan.Runtime.IO;

/// <summary>
/// One trainer per run directory: an exclusive OS lock on <c>RUN/train.lock</c> (on Linux and macOS .NET takes it with
/// <c>flock</c>), held while a run trains and released by the kernel when the process ends however it ends, SIGKILL
/// included, so a lock file left behind never blocks anyone. The holder's pid is written beside it, in
/// <c>train.pid</c>, for the message a second trainer gets (the locked file itself cannot be read by another .NET
/// process). Readers of the run (generate, eval, export) never take it: they see only whole, renamed files.
/// <para>
/// The lock file stays after the run: deleting a lock file lets a process that opened it just before lock a file no
/// one else can see. Only a directory this lock created, and that holds nothing else when the lock is released (a
/// run refused before it wrote anything), is removed again.
/// </para>
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = "train.lock";
    public const string PidFileName = "train.pid";

    private readonly FileStream _lock;
    private readonly bool _createdDirectory;

    private RunLock(string directory, FileStream held, bool createdDirectory)
    {
        Directory = directory;
        _lock = held;
        _createdDirectory = createdDirectory;
    }

    public string Directory { get; }

    /// <summary>True for the files this lock keeps in a run directory, which do not make it a run.</summary>
    public static bool IsLockFile(string path) => Path.GetFileName(path) is FileName or PidFileName;

    /// <summary>
    /// Takes the lock of <paramref name="directory"/> (creating the directory when it does not exist yet), or returns
    /// null when another process holds it; <paramref name="holder"/> then describes that process in words.
    /// </summary>
    public static RunLock? TryAcquire(string directory, out string holder)
    {
        bool created = !System.IO.Directory.Exists(directory);
        System.IO.Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        for (int attempt = 0; ; attempt++)
        {
            FileStream held;
            try
            {
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                holder = Holder(directory);
                if (created) TryRemoveEmpty(directory);
                return null;
            }
            // Locked, but the file may have been removed between opening and locking: then lock the one now there.
            if (!File.Exists(path) && attempt < 3)
            {
                held.Dispose();
                continue;
            }
            var runLock = new RunLock(directory, held, created);
            AtomicFile.WriteAllBytes(Path.Combine(directory, PidFileName),
                System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            holder = "";
            return runLock;
        }
    }

    /// <summary>Takes the lock of <paramref name="directory"/> or refuses, in one line naming the process that holds it.</summary>
    public static RunLock Acquire(string directory)
        => TryAcquire(directory, out string holder)
           ?? throw new DcganException($"{directory} is being trained by {holder}; wait for it to finish or stop it, then try again");

    private static string Holder(string directory)
    {
        try
        {
            string text = File.ReadAllText(Path.Combine(directory, PidFileName)).Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                using var process = Process.GetProcessById(pid);
                return $"another dcgan-cli train (pid {pid})";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // No pid file yet (the holder is just starting), or a stale one: the lock itself is what counts.
        }
        return $"another process (it holds {Path.Combine(directory, FileName)})";
    }

    public void Dispose()
    {
        try
        {
            string pidFile = Path.Combine(Directory, PidFileName);
            if (File.Exists(pidFile) && File.ReadAllText(pidFile).Trim() == Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
                File.Delete(pidFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A pid file left behind names a process that is gone; the next holder overwrites it.
        }
        if (_createdDirectory && !System.IO.Directory.EnumerateFileSystemEntries(Directory).Any(entry => !IsLockFile(entry)))
        {
            // Still holding the lock, so no one else can be starting in this directory.
            TryDelete(Path.Combine(Directory, FileName));
            _lock.Dispose();
            TryRemoveEmpty(Directory);
            return;
        }
        _lock.Dispose();
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void TryRemoveEmpty(string directory)
    {
        try
        {
            if (!System.IO.Directory.EnumerateFileSystemEntries(directory).Any()) System.IO.Directory.Delete(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
