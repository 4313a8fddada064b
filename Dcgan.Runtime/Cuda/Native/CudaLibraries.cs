using System.Reflection;
using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cuda.Native;

/// <summary>
/// Resolves the CUDA libraries for the whole process: the <c>[LibraryImport]</c>s of this assembly name a
/// <see cref="CudaLibrary"/> (libcuda, libnvrtc, libcublas, libcudnn), and the resolver installed here loads it
/// by <see cref="LibrarySearch"/> instead of the runtime's probing, so that a missing library is one
/// <see cref="CudaUnavailableException"/> saying where it was looked for. A library once loaded stays loaded;
/// a failure is searched again next time (the setting or the files may have changed).
/// </summary>
public static class CudaLibraries
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<CudaLibrary, LibraryLoadResult> s_loaded = [];
    private static (string? Directories, string? Source) s_setting;
    private static int s_resolverInstalled;

    /// <summary>
    /// Sets the explicit search directories (':'-separated) from <paramref name="source"/>, a command-line flag,
    /// in place of $DCGAN_CUDA_LIBS; null goes back to the variable.
    /// </summary>
    public static void SetSearchPath(string? directories, string source)
    {
        lock (s_lock) s_setting = (directories, directories is null ? null : source);
    }

    /// <summary>The search's inputs as they stand: this process's environment and the explicit setting.</summary>
    public static LibrarySearchEnvironment Environment
    {
        get
        {
            lock (s_lock) return LibrarySearchEnvironment.FromProcess(s_setting.Directories, s_setting.Source);
        }
    }

    /// <summary>Loads <paramref name="library"/> (once) or says why it cannot be.</summary>
    public static LibraryLoadResult Load(CudaLibrary library)
    {
        lock (s_lock)
        {
            if (s_loaded.TryGetValue(library, out var loaded)) return loaded;
            var result = LibraryLoader.Load(LibrarySearch.Find(library, LibrarySearchEnvironment.FromProcess(s_setting.Directories, s_setting.Source)));
            if (result.IsLoaded) s_loaded[library] = result;
            return result;
        }
    }

    /// <summary>The library's handle, or a <see cref="CudaUnavailableException"/> naming it and where it was looked for.</summary>
    public static nint Require(CudaLibrary library)
    {
        var result = Load(library);
        return result.IsLoaded ? result.Handle : throw new CudaUnavailableException(result);
    }

    /// <summary>Whether <paramref name="library"/> is already loaded in this process (nothing is searched).</summary>
    public static bool IsLoaded(CudaLibrary library)
    {
        lock (s_lock) return s_loaded.ContainsKey(library);
    }

    /// <summary>
    /// Installs the resolver for this assembly's imports; every binding class calls this from its static constructor,
    /// so it is in place before the first native call. Names other than the four libraries fall through to the runtime.
    /// </summary>
    internal static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref s_resolverInstalled, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(CudaLibraries).Assembly, Resolve);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        CudaLibrary.ByImportName(name) is { } library ? Require(library) : 0;
}
