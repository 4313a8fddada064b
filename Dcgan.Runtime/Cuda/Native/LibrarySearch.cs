namespace Dcgan.Runtime.Cuda.Native;

/// <summary>Where a library was found: the file, the directory (and why it was searched), and what to load before it, in order.</summary>
public sealed record LibraryLocation(string Path, SearchDirectory Directory, IReadOnlyList<string> Required, IReadOnlyList<string> Siblings);

/// <summary>The outcome of a search: the location, or null; and every directory looked in, with the files passed over and why.</summary>
public sealed record LibrarySearchResult(
    CudaLibrary Library, LibraryLocation? Location, IReadOnlyList<SearchDirectory> Looked, IReadOnlyList<string> PassedOver, string ExplicitSource)
{
    /// <summary>How a directory's reason to be searched reads in messages.</summary>
    public string Describe(SearchOrigin origin) => origin switch
    {
        SearchOrigin.Explicit => ExplicitSource,
        SearchOrigin.LdLibraryPath => "LD_LIBRARY_PATH",
        SearchOrigin.PythonEnvironment => "Python environments",
        _ => "the usual paths",
    };

    /// <summary>Every directory looked in, grouped by why it was searched, in search order: ("LD_LIBRARY_PATH", "/b, /c").</summary>
    public IReadOnlyList<(string Why, string Directories)> LookedGroups() => Looked.GroupBy(directory => directory.Origin)
        .Select(group => (Describe(group.Key), string.Join(", ", group.Select(directory => directory.Path))))
        .ToList();

    /// <summary>"DCGAN_CUDA_LIBS: /a; LD_LIBRARY_PATH: /b, /c; the usual paths: ...": every directory, grouped by why it was searched.</summary>
    public string DescribeLooked() => string.Join("; ", LookedGroups().Select(group => $"{group.Why}: {group.Directories}"));
}

/// <summary>
/// Finds a library's file by the search order of <see cref="LibrarySearchPath"/>: the first directory holding one of
/// its files (best file first within a directory) together with the files it requires wins. Reads the file system
/// only; nothing is loaded here.
/// </summary>
public static class LibrarySearch
{
    public static LibrarySearchResult Find(CudaLibrary library, LibrarySearchEnvironment environment)
    {
        var looked = LibrarySearchPath.For(library, environment);
        var passedOver = new List<string>();
        foreach (var directory in looked)
        {
            if (!Directory.Exists(directory.Path)) continue;
            foreach (var file in library.Files)
            {
                string path = Path.Combine(directory.Path, file.Name);
                if (!File.Exists(path)) continue;
                var missing = file.Requires.Where(required => !File.Exists(Path.Combine(directory.Path, required))).ToList();
                if (missing.Count > 0)
                {
                    passedOver.Add($"{path} (no {string.Join(" or ", missing)} beside it)");
                    continue;
                }
                var required = file.Requires.Select(name => Path.Combine(directory.Path, name)).ToList();
                return new LibrarySearchResult(library, new LibraryLocation(path, directory, required, Siblings(directory.Path, file)), looked, passedOver, environment.ExplicitSource);
            }
        }
        return new LibrarySearchResult(library, null, looked, passedOver, environment.ExplicitSource);
    }

    /// <summary>The file's siblings present in its own directory (never another's): those others depend on first, then ordinal order.</summary>
    private static List<string> Siblings(string directory, LibraryFile file)
    {
        if (file.Siblings is null) return [];
        var names = Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().Where(name => file.Siblings.IsMatch(name));
        return names
            .OrderBy(file.SiblingRank)
            .ThenBy(name => name, StringComparer.Ordinal)
            .Select(name => Path.Combine(directory, name))
            .ToList();
    }
}
