namespace Dcgan.Runtime.Data;

/// <summary>
/// One split of MNIST (or Fashion-MNIST, which uses the same file names and layout):
/// <see cref="Count"/> images of Height x Width bytes, row-major, one after another,
/// and one label 0..9 per image.
/// </summary>
public sealed class MnistDataset
{
    private MnistDataset(int count, int height, int width, byte[] images, byte[] labels)
    {
        Count = count;
        Height = height;
        Width = width;
        Images = images;
        Labels = labels;
    }

    public int Count { get; }
    public int Height { get; }
    public int Width { get; }
    public byte[] Images { get; }
    public byte[] Labels { get; }

    /// <summary>The four file names of MNIST, as the original distribution names them.</summary>
    public static readonly IReadOnlyList<string> FileNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    public static MnistDataset Load(string directory, bool train)
    {
        string split = train ? "train" : "t10k";
        string imagesPath = Find(directory, $"{split}-images-idx3-ubyte");
        string labelsPath = Find(directory, $"{split}-labels-idx1-ubyte");

        var images = IdxFile.Read(imagesPath);
        if (images.Dimensions is not [_, 28, 28])
            throw new DcganException($"{imagesPath}: expected images of shape [N, 28, 28], found [{string.Join(", ", images.Dimensions)}]");
        var labels = IdxFile.Read(labelsPath);
        if (labels.Dimensions.Length != 1)
            throw new DcganException($"{labelsPath}: expected labels of shape [N], found [{string.Join(", ", labels.Dimensions)}]");
        int count = images.Dimensions[0];
        if (labels.Dimensions[0] != count)
            throw new DcganException($"{labelsPath}: {labels.Dimensions[0]} labels for the {count} images of {imagesPath}");
        int bad = Array.FindIndex(labels.Data, label => label > 9);
        if (bad >= 0)
            throw new DcganException($"{labelsPath}: label {bad} is {labels.Data[bad]}; labels must be 0 to 9");
        return new MnistDataset(count, 28, 28, images.Data, labels.Data);
    }

    /// <summary>The raw file, else its .gz, else null.</summary>
    public static string? Locate(string directory, string fileName)
    {
        string raw = Path.Combine(directory, fileName);
        if (File.Exists(raw))
            return raw;
        string gz = raw + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    private static string Find(string directory, string fileName) =>
        Locate(directory, fileName)
        ?? throw new DcganException($"{Path.Combine(directory, fileName)} (or .gz) not found: MNIST needs its four IDX files in {directory}");
}
