namespace Dcgan.Runtime.Data;

/// <summary>
/// Where datasets live: the --data flag, else $DCGAN_DATA, else a per-user directory
/// ($XDG_DATA_HOME/dcgan, or ~/.local/share/dcgan; LocalApplicationData on Windows), so a
/// dataset is fetched once per user rather than once per working directory.
/// </summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "DCGAN_DATA";

    public static string Resolve(string? flag)
    {
        if (!string.IsNullOrWhiteSpace(flag))
            return Path.GetFullPath(flag);
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "dcgan");
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "dcgan");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home))
            throw new DcganException($"cannot choose a data directory: no home directory; pass --data or set {EnvironmentVariable}");
        return Path.Combine(home, ".local", "share", "dcgan");
    }

    /// <summary>The MNIST directory inside a data directory.</summary>
    public static string Mnist(string dataDirectory) => Path.Combine(dataDirectory, "mnist");
}
