using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cuda.Native;

/// <summary>
/// Loads what a search found: the files it requires, its siblings, then the library itself, each by full path,
/// so that the library's own later opens by soname (cuDNN's sub-libraries, cuBLAS's cuBLASLt) find them loaded.
/// When the search found nothing, the system loader's own search by name is the last resort (ld.so.cache,
/// /etc/ld.so.conf.d). Loaded libraries stay loaded for the life of the process.
/// </summary>
public static class LibraryLoader
{
    public static LibraryLoadResult Load(LibrarySearchResult search)
    {
        if (search.Location is { } location)
        {
            foreach (string required in location.Required)
                if (!TryLoad(required, out _, out string requiredError))
                    return LibraryLoadResult.Failed(search, required, requiredError);
            var siblingProblems = Preload(location.Siblings);
            return TryLoad(location.Path, out nint handle, out string error)
                ? LibraryLoadResult.Loaded(search, handle, location.Path, siblingProblems)
                : LibraryLoadResult.Failed(search, location.Path, error);
        }
        foreach (var file in search.Library.Files)
            if (NativeLibrary.TryLoad(file.Name, out nint handle))
                return LibraryLoadResult.Loaded(search, handle, file.Name, []);
        return LibraryLoadResult.NotFound(search);
    }

    /// <summary>
    /// Loads siblings in the given order, retrying those that failed while any other succeeds (one may need
    /// another loaded first); returns "path: error" for each that never loaded.
    /// </summary>
    private static List<string> Preload(IReadOnlyList<string> siblings)
    {
        var pending = siblings.ToList();
        var errors = new Dictionary<string, string>();
        bool progress = true;
        while (pending.Count > 0 && progress)
        {
            progress = false;
            foreach (string sibling in pending.ToList())
            {
                if (TryLoad(sibling, out _, out string error))
                {
                    pending.Remove(sibling);
                    progress = true;
                }
                else errors[sibling] = error;
            }
        }
        return pending.Select(sibling => $"{sibling}: {errors[sibling]}").ToList();
    }

    private static bool TryLoad(string path, out nint handle, out string error)
    {
        try
        {
            handle = NativeLibrary.Load(path);
            error = "";
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            handle = 0;
            error = LoaderError(e.Message);
            return false;
        }
    }

    /// <summary>
    /// The dynamic loader's own words (dlerror: "invalid ELF header", "libfoo.so.1: cannot open shared object
    /// file") from .NET's message, which puts them on the last line after general advice.
    /// </summary>
    public static string LoaderError(string message)
    {
        string last = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return last.Length > 0 ? last : message.Trim();
    }
}
