namespace Dcgan.Cli;

/// <summary>Picks where a run writes, never on top of an earlier run.</summary>
public static class RunDirectory
{
    public static string Choose(string? requested, string model)
    {
        if (requested is not null)
        {
            if (Directory.Exists(requested) && Directory.EnumerateFileSystemEntries(requested).Any())
                throw new UsageException($"--out {requested} already holds files; choose another directory or remove it");
            if (File.Exists(requested))
                throw new UsageException($"--out {requested} is a file, not a directory");
            return Create(requested);
        }
        string baseName = Path.Combine("runs", model);
        string path = baseName;
        for (int n = 2; Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any(); n++)
            path = $"{baseName}-{n}";
        return Create(path);
    }

    private static string Create(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            string probe = Path.Combine(path, ".write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write to the run directory {path}: {e.Message}");
        }
    }
}
