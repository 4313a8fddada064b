using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>
/// A temporary directory standing in for a machine: a root for the system paths, a home, and whatever
/// directories a test names, filled with fake library files (text, not ELF) that the search sees as present.
/// </summary>
internal sealed class FakeLibraryTree : IDisposable
{
    private readonly TempDirectory _temp = new();

    public string Root => Dir("root");

    public string Home => Dir("home");

    /// <summary>A directory under the tree, created if missing; <paramref name="relative"/> uses '/'.</summary>
    public string Dir(string relative)
    {
        string path = Path.Combine(_temp.Path, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Fake files named <paramref name="names"/> in <paramref name="directory"/>; returns the directory.</summary>
    public static string Put(string directory, params string[] names)
    {
        Directory.CreateDirectory(directory);
        foreach (string name in names) File.WriteAllText(Path.Combine(directory, name), "not a shared object\n");
        return directory;
    }

    /// <summary>An environment over this tree with no variable set: only the tree's root's usual paths are searched.</summary>
    public LibrarySearchEnvironment Environment() => new() { Root = Root, Home = Home, ToolkitTarget = "x86_64-linux", Multiarch = "x86_64-linux-gnu" };

    public void Dispose() => _temp.Dispose();
}
