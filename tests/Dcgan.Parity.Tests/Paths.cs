namespace Dcgan.Parity.Tests;

/// <summary>Finds ../shared/parity (beside the repository) and the repository's own parity folder.</summary>
internal static class Paths
{
    public static string SharedFixture(string name) => Path.Combine(Find(Path.Combine("shared", "parity", "fixtures")), name);

    public static string RepositoryRoot => Path.GetDirectoryName(Find("Dcgan.sln", file: true))!;

    public static string OwnFixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    private static string Find(string relative, bool file = false)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var root in new[] { dir.FullName, Path.Combine(dir.FullName, "..") })
            {
                string candidate = Path.GetFullPath(Path.Combine(root, relative));
                if (file ? File.Exists(candidate) : Directory.Exists(candidate)) return candidate;
            }
        }
        throw new DirectoryNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
