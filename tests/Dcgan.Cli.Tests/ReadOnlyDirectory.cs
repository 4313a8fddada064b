namespace Dcgan.Cli.Tests;

/// <summary>
/// A directory this process cannot create files in: a temporary directory made read-only, or, where that does
/// not stop us (root ignores permission bits), /sys, which the kernel keeps read-only. Null where neither works.
/// </summary>
internal static class ReadOnlyDirectory
{
    private static readonly Lazy<string?> s_path = new(Find);

    public static string? Path => s_path.Value;

    private static string? Find()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var locked = Directory.CreateTempSubdirectory("dcgan-read-only-");
        File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (!CanCreateFileIn(locked.FullName))
            return locked.FullName;
        locked.Delete();
        return Directory.Exists("/sys") && !CanCreateFileIn("/sys") ? "/sys" : null;
    }

    private static bool CanCreateFileIn(string directory)
    {
        try
        {
            using var probe = new FileStream(System.IO.Path.Combine(directory, $".probe-{Guid.NewGuid():N}"), FileMode.CreateNew,
                FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>Skipped, and reported as skipped, where no read-only directory can be found.</summary>
public sealed class ReadOnlyDirectoryFactAttribute : FactAttribute
{
    public ReadOnlyDirectoryFactAttribute()
    {
        if (ReadOnlyDirectory.Path is null)
            Skip = "no directory here refuses new files to this process";
    }
}
