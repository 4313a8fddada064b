namespace Dcgan.Cli;

/// <summary>Picks where a run writes, never on top of an earlier run, and checks that it can be written before any data is loaded.</summary>
public static class RunDirectory
{
    /// <summary>
    /// The run directory: <paramref name="requested"/>, else the first free <c>runs/&lt;model&gt;[-N]</c>. Nothing is
    /// created yet (the trainer creates it once the data is loaded and the settings fit it), so a run refused
    /// before training leaves no empty directory behind.
    /// </summary>
    public static string Choose(string? requested, string model)
    {
        if (requested is not null)
        {
            if (Directory.Exists(requested) && Directory.EnumerateFileSystemEntries(requested).Any())
                throw new UsageException($"--out {requested} already holds files; choose another directory or remove it");
            WritableLocation.RequireDirectory("--out", requested);
            return requested;
        }
        string baseName = Path.Combine("runs", model);
        string path = baseName;
        for (int n = 2; Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any(); n++)
            path = $"{baseName}-{n}";
        WritableLocation.RequireDirectory("run directory", path);
        return path;
    }
}
