using Dcgan.Runtime.Data;

namespace Dcgan.Runtime.Tests.Data;

public class MnistDatasetTests
{
    private static void WriteSplit(string dir, string split, int count, int size = 28, byte maxLabel = 9, int? labelCount = null, bool gzip = false)
    {
        string ext = gzip ? ".gz" : "";
        var images = new byte[count * size * size];
        for (int i = 0; i < images.Length; i++)
            images[i] = (byte)i;
        IdxFile.Write(Path.Combine(dir, $"{split}-images-idx3-ubyte{ext}"), [count, size, size], images);
        int n = labelCount ?? count;
        IdxFile.Write(Path.Combine(dir, $"{split}-labels-idx1-ubyte{ext}"), [n], Enumerable.Range(0, n).Select(i => (byte)(i % (maxLabel + 1))).ToArray());
    }

    [Fact]
    public void LoadsTheRequestedSplit()
    {
        using var temp = new TempDirectory();
        WriteSplit(temp.Path, "train", 5);
        WriteSplit(temp.Path, "t10k", 3, gzip: true);

        var train = MnistDataset.Load(temp.Path, train: true);
        var test = MnistDataset.Load(temp.Path, train: false);

        Assert.Equal((5, 28, 28), (train.Count, train.Height, train.Width));
        Assert.Equal(5 * 784, train.Images.Length);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, train.Labels);
        Assert.Equal(3, test.Count);
    }

    [Fact]
    public void MissingFilesSayWhereTheyShouldBe()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<DcganException>(() => MnistDataset.Load(temp.Path, train: true));
        Assert.Contains(Path.Combine(temp.Path, "train-images-idx3-ubyte"), error.Message);
    }

    [Fact]
    public void ImagesMustBe28By28()
    {
        using var temp = new TempDirectory();
        WriteSplit(temp.Path, "train", 2, size: 32);
        Assert.Contains("[N, 28, 28]", Assert.Throws<DcganException>(() => MnistDataset.Load(temp.Path, true)).Message);
    }

    [Fact]
    public void LabelCountMustMatchImageCount()
    {
        using var temp = new TempDirectory();
        WriteSplit(temp.Path, "train", 4, labelCount: 3);
        Assert.Contains("3 labels for the 4 images", Assert.Throws<DcganException>(() => MnistDataset.Load(temp.Path, true)).Message);
    }

    [Fact]
    public void LabelsMustBeDigits()
    {
        using var temp = new TempDirectory();
        WriteSplit(temp.Path, "train", 12, maxLabel: 10);
        Assert.Contains("label 10 is 10", Assert.Throws<DcganException>(() => MnistDataset.Load(temp.Path, true)).Message);
    }
}
