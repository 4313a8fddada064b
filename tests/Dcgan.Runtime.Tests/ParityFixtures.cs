namespace Dcgan.Runtime.Tests;

/// <summary>
/// Finds shared/parity whether the tests run from the main checkout (shared/ inside it) or
/// from a worktree beside it (shared/ next to the worktree), and otherwise uses the copy the
/// repository carries in parity/ (a clone anywhere still runs every test).
/// </summary>
internal static class ParityFixtures
{
    public static string? Directory { get; } = Find();

    public static string? Fixture(string model)
    {
        if (Directory is null)
            return null;
        string path = Path.Combine(Directory, "fixtures", model + ".safetensors");
        return File.Exists(path) ? path : null;
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var root in new[] { dir, dir.Parent })
            {
                if (root is null)
                    continue;
                string candidate = Path.Combine(root.FullName, "shared", "parity");
                if (System.IO.Directory.Exists(candidate))
                    return candidate;
            }
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dcgan.sln")))
                return Path.Combine(dir.FullName, "parity");
        return null;
    }
}
