namespace Dcgan.Runtime.IO;

/// <summary>
/// Writes a file so that readers only ever see the old complete file or the new complete
/// file: a crash or a full disk mid-write must not leave a half-written checkpoint, dataset
/// or image behind. The bytes go to a temporary file in the same directory (so the rename
/// stays on one file system and is atomic), are flushed to the disk, then renamed over
/// the destination.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new DcganException($"{path}: not a file path");
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            CrashPoint.BeforeRename(full);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(temp);
            if (e is IOException or UnauthorizedAccessException)
                throw new DcganException($"cannot write {full}: {e.Message}", e);
            throw;
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        // A span cannot be captured by the lambda; one copy is cheap next to the disk write.
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Deletes the temporary files that writes into <paramref name="directory"/> left behind when their process was
    /// killed before the rename (only names of this class's own pattern, <c>.NAME.GUID.tmp</c>); returns how many.
    /// </summary>
    public static int DeleteLeftovers(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        int deleted = 0;
        foreach (var file in Directory.EnumerateFiles(directory, ".*.tmp"))
        {
            string name = Path.GetFileName(file);
            string[] parts = name[1..^".tmp".Length].Split('.');
            if (parts.Length < 2 || !Guid.TryParseExact(parts[^1], "N", out _)) continue;
            TryDelete(file);
            deleted++;
        }
        return deleted;
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original failure is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
