namespace Dcgan.Runtime.Cuda.Native;

/// <summary>
/// The directories searched for a library, in order: the explicit setting, LD_LIBRARY_PATH, Python environments
/// (PyTorch's pip wheels put cuDNN, cuBLAS and NVRTC in site-packages/nvidia/*/lib; conda in $CONDA_PREFIX/lib),
/// then the usual install locations. Python is never run: its environments are found from the variables and the
/// usual directory layouts. After all of these the loader's own search by name is tried (<see cref="LibraryLoader"/>).
/// </summary>
public static class LibrarySearchPath
{
    public static IReadOnlyList<SearchDirectory> For(CudaLibrary library, LibrarySearchEnvironment environment)
    {
        var directories = new List<SearchDirectory>();
        void Add(string path, SearchOrigin origin)
        {
            string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
            if (!directories.Any(directory => directory.Path == full))
                directories.Add(new SearchDirectory(full, origin));
        }

        foreach (string directory in Split(environment.ExplicitDirectories)) Add(directory, SearchOrigin.Explicit);
        foreach (string directory in Split(environment.LdLibraryPath)) Add(directory, SearchOrigin.LdLibraryPath);
        if (library.InPythonWheels)
            foreach (string directory in PythonDirectories(environment)) Add(directory, SearchOrigin.PythonEnvironment);
        foreach (string directory in UsualDirectories(library, environment)) Add(directory, SearchOrigin.UsualPath);
        return directories;
    }

    /// <summary>A ':'-separated list; empty entries (a stray ':') are skipped rather than meaning the current directory.</summary>
    public static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IEnumerable<string> PythonDirectories(LibrarySearchEnvironment environment)
    {
        foreach (string sitePackages in SitePackages(environment))
        {
            string nvidia = Path.Combine(sitePackages, "nvidia");
            var wheels = Subdirectories(nvidia).Select(wheel => Path.Combine(wheel, "lib")).Where(Directory.Exists).ToList();
            // An environment without NVIDIA wheels is still reported as looked in, as the pattern it was searched with.
            if (wheels.Count == 0) yield return Path.Combine(nvidia, "*", "lib");
            foreach (string wheel in wheels) yield return wheel;
        }
        // conda's own cudnn and libcublas packages install into the environment's lib, not site-packages.
        if (!string.IsNullOrEmpty(environment.CondaPrefix)) yield return Path.Combine(environment.CondaPrefix, "lib");
    }

    private static IEnumerable<string> SitePackages(LibrarySearchEnvironment environment)
    {
        var found = new List<string>();
        void Versions(string libDirectory, params string[] leaves)
        {
            foreach (string python in Subdirectories(libDirectory, "python3*"))
                foreach (string leaf in leaves)
                    if (Directory.Exists(Path.Combine(python, leaf))) found.Add(Path.Combine(python, leaf));
        }

        if (!string.IsNullOrEmpty(environment.VirtualEnv)) Versions(Path.Combine(environment.VirtualEnv, "lib"), "site-packages");
        if (!string.IsNullOrEmpty(environment.CondaPrefix)) Versions(Path.Combine(environment.CondaPrefix, "lib"), "site-packages");
        if (!string.IsNullOrEmpty(environment.Home))
        {
            Versions(Path.Combine(environment.Home, ".local", "lib"), "site-packages");
            foreach (string version in Subdirectories(Path.Combine(environment.Home, ".pyenv", "versions")))
                Versions(Path.Combine(version, "lib"), "site-packages");
        }
        Versions(Rooted(environment, "usr/local/lib"), "site-packages", "dist-packages");
        string debian = Rooted(environment, "usr/lib/python3/dist-packages");
        if (Directory.Exists(debian)) found.Add(debian);
        return found;
    }

    private static IEnumerable<string> UsualDirectories(CudaLibrary library, LibrarySearchEnvironment environment)
    {
        if (!library.InToolkit)
        {
            // WSL's driver lives in /usr/lib/wsl/lib; a libcuda.so.1 in the Linux paths there is a wrongly installed
            // Linux driver that cannot work, so on WSL this one comes first.
            yield return Rooted(environment, "usr/lib/wsl/lib");
        }
        else
        {
            string target = Path.Combine("targets", environment.ToolkitTarget, "lib");
            yield return Rooted(environment, "usr/local/cuda/lib64");
            yield return Path.Combine(Rooted(environment, "usr/local/cuda"), target);
            // Versioned toolkits (/usr/local/cuda-12.6), newest first.
            foreach (string toolkit in Subdirectories(Rooted(environment, "usr/local"), "cuda-*").OrderByDescending(ToolkitVersion))
            {
                yield return Path.Combine(toolkit, "lib64");
                yield return Path.Combine(toolkit, target);
            }
        }
        yield return Rooted(environment, Path.Combine("usr/lib", environment.Multiarch));
        yield return Rooted(environment, "usr/lib64");
    }

    private static Version ToolkitVersion(string directory) =>
        Version.TryParse(Path.GetFileName(directory)["cuda-".Length..], out var version) ? version : new Version(0, 0);

    private static string Rooted(LibrarySearchEnvironment environment, string relative) => Path.Combine(environment.Root, relative);

    /// <summary>Subdirectories matching a pattern, in ordinal order (so a search is the same on every run); none if the directory is missing or unreadable.</summary>
    private static IEnumerable<string> Subdirectories(string directory, string pattern = "*")
    {
        try
        {
            return Directory.Exists(directory)
                ? Directory.GetDirectories(directory, pattern).Order(StringComparer.Ordinal).ToArray()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
