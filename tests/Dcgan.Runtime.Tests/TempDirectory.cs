namespace Dcgan.Runtime.Tests;

/// <summary>A fresh directory per test, removed afterwards, so tests never see each other's files.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = System.IO.Directory.CreateTempSubdirectory("dcgan-test-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Everything in the directory, for asserting that nothing (e.g. a temp file) was left behind.</summary>
    public string[] Entries() => System.IO.Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
