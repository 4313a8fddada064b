namespace Dcgan.Runtime.Cuda.Native;

/// <summary>Why a directory is searched, in the order the groups are searched.</summary>
public enum SearchOrigin
{
    Explicit,
    LdLibraryPath,
    PythonEnvironment,
    UsualPath,
}

/// <summary>A directory the library search looks in, and why. <see cref="Path"/> may hold a '*' where a pattern matched nothing.</summary>
public sealed record SearchDirectory(string Path, SearchOrigin Origin);
