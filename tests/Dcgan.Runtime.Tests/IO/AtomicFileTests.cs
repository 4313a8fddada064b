using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void CreatesMissingParentDirectories()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "runs", "a", "checkpoint.bin");

        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void ReplacesAnExistingFile()
    {
        using var temp = new TempDirectory();
        string path = temp.File("x.bin");
        File.WriteAllBytes(path, new byte[100]);

        AtomicFile.WriteAllBytes(path, [7]);

        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(path));
        Assert.Equal(["x.bin"], temp.Entries());
    }

    // The point of the class: a writer that dies half-way must leave the previous file
    // intact and no temporary file behind (a crashed run keeps its last good checkpoint).
    [Fact]
    public void AFailedWriteKeepsTheOldFileAndLeavesNoTemporary()
    {
        using var temp = new TempDirectory();
        string path = temp.File("checkpoint.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);

        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[4096]);
            throw new InvalidOperationException("disk on fire");
        }));

        Assert.Equal("disk on fire", error.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["checkpoint.safetensors"], temp.Entries());
    }

    [Fact]
    public void AnUnwritableDestinationIsAUserError()
    {
        using var temp = new TempDirectory();
        string blocker = temp.File("file");
        File.WriteAllBytes(blocker, [0]);

        // The parent "directory" is a file: the OS refuses, and the user gets one line naming the path.
        var error = Assert.Throws<DcganException>(() => AtomicFile.WriteAllBytes(Path.Combine(blocker, "x.bin"), [1]));

        Assert.Contains(Path.Combine(blocker, "x.bin"), error.Message);
    }
}
