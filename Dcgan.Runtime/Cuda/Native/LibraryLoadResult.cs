namespace Dcgan.Runtime.Cuda.Native;

/// <summary>
/// What became of loading a library: loaded (from a path, or by name through the system loader), not found
/// (with every directory looked in), or found but refused by the loader (the path and the loader's own error).
/// </summary>
public sealed class LibraryLoadResult
{
    private LibraryLoadResult(LibrarySearchResult search, nint handle, string? loadedFrom, string? failedPath, string? loaderError, IReadOnlyList<string> siblingProblems)
    {
        Search = search;
        Handle = handle;
        LoadedFrom = loadedFrom;
        FailedPath = failedPath;
        LoaderError = loaderError;
        SiblingProblems = siblingProblems;
    }

    public static LibraryLoadResult Loaded(LibrarySearchResult search, nint handle, string loadedFrom, IReadOnlyList<string> siblingProblems) =>
        new(search, handle, loadedFrom, null, null, siblingProblems);

    public static LibraryLoadResult NotFound(LibrarySearchResult search) => new(search, 0, null, null, null, []);

    public static LibraryLoadResult Failed(LibrarySearchResult search, string path, string loaderError) => new(search, 0, null, path, loaderError, []);

    public CudaLibrary Library => Search.Library;

    public LibrarySearchResult Search { get; }

    /// <summary>The loader's handle; 0 unless loaded.</summary>
    public nint Handle { get; }

    public bool IsLoaded => Handle != 0;

    /// <summary>The file loaded, or the bare name the system loader resolved itself.</summary>
    public string? LoadedFrom { get; }

    /// <summary>The file the loader refused (the library's own, or one it requires), when it did.</summary>
    public string? FailedPath { get; }

    public string? LoaderError { get; }

    /// <summary>Siblings that would not preload: "path: loader error". The library may still work without them; they are reported, not fatal.</summary>
    public IReadOnlyList<string> SiblingProblems { get; }

    /// <summary>One line: where it was loaded from, or why not.</summary>
    public string Describe()
    {
        if (IsLoaded)
            return Search.Location is { } location && location.Path == LoadedFrom
                ? $"{LoadedFrom} ({Search.Describe(location.Directory.Origin)})"
                : $"{LoadedFrom} (by name through the system loader)";
        if (FailedPath is not null)
        {
            string where = Search.Location is { } found ? $" ({Search.Describe(found.Directory.Origin)})" : "";
            return $"{FailedPath} was found{where} but did not load: {LoaderError}";
        }
        string passedOver = Search.PassedOver.Count > 0 ? $"; passed over {string.Join(", ", Search.PassedOver)}" : "";
        return $"{Library.FileNames} not found; looked in {Search.DescribeLooked()}; and by name through the system loader{passedOver}";
    }

    /// <summary>The short form, for a line that is not about libraries: the file loaded, "X not found", or "X did not load: why".</summary>
    public string Summarize() =>
        IsLoaded ? LoadedFrom! : FailedPath is not null ? $"{FailedPath} did not load: {LoaderError}" : $"{Library.FileNames} not found";

    public override string ToString() => Describe();
}
