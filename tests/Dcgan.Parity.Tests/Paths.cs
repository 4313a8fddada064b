namespace Dcgan.Parity.Tests;

/// <summary>Finds ../shared/parity (beside the repository) and the repository's own parity folder.</summary>
internal static class Paths
{
    /// <summary>A fixture of ../shared/parity, or the copy in the repository's parity/fixtures when shared/ is not beside it.</summary>
    public static string SharedFixture(string name)
    {
        string? shared = TryFind(Path.Combine("shared", "parity", "fixtures"), file: false);
        return Path.Combine(shared ?? Path.Combine(RepositoryRoot, "parity", "fixtures"), name);
    }

    public static string RepositoryRoot => Path.GetDirectoryName(Find("Dcgan.sln", file: true))!;

    /// <summary>PyTorch's rounding spread on the shared fixtures, as the repository carries it (parity/noise_floor.py).</summary>
    public static string SharedNoiseFloor => Path.Combine(RepositoryRoot, "parity", "fixtures", "noise-floor");

    public static string OwnFixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    private static string Find(string relative, bool file = false)
        => TryFind(relative, file) ?? throw new DirectoryNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");

    private static string? TryFind(string relative, bool file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var root in new[] { dir.FullName, Path.Combine(dir.FullName, "..") })
            {
                string candidate = Path.GetFullPath(Path.Combine(root, relative));
                if (file ? File.Exists(candidate) : Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
