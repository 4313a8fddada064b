namespace Dcgan.App;

/// <summary>
/// Checks, before any work starts, that an output path given on the command line can be written: not under a
/// regular file, not in a read-only directory or file system. Finding out after an hour of training, or after
/// a run directory was half set up, is what this prevents; nothing is created here except a probe file that
/// is deleted as it is closed.
/// </summary>
public static class WritableLocation
{
    /// <summary>Refuses <paramref name="path"/> as a directory to write in (created later if missing).</summary>
    public static void RequireDirectory(string flag, string path)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
            throw new UsageException($"{flag} {path} is a file, not a directory");
        RequireWritableAncestor(flag, path, full);
    }

    /// <summary>Refuses <paramref name="path"/> as a file to write (its directory created later if missing).</summary>
    public static void RequireFile(string flag, string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new UsageException($"{flag} {path} is a directory, not a file");
        RequireWritableAncestor(flag, path, Path.GetDirectoryName(full) ?? full);
    }

    /// <summary>The nearest existing directory at or above <paramref name="directory"/> must take a new file.</summary>
    private static void RequireWritableAncestor(string flag, string path, string directory)
    {
        string existing = directory;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw new UsageException($"{flag} {path}: {existing} is a file, so nothing can be created under it");
            existing = Path.GetDirectoryName(existing) ?? throw new UsageException($"{flag} {path}: no existing directory above it");
        }
        try
        {
            using var probe = new FileStream(Path.Combine(existing, $".dcgan-write-test-{Guid.NewGuid():N}"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is UnauthorizedAccessException ? "permission denied or a read-only file system" : e.Message;
            throw new UsageException($"{flag} {path}: cannot write in {existing} ({why})");
        }
    }
}
