using Dcgan.Runtime;
using Dcgan.Runtime.Data;

namespace Dcgan.App;

/// <summary>
/// The datasets <c>--dataset</c> accepts: MNIST (fetched on first use), Fashion-MNIST (from the data
/// directory, or where Debian's <c>dataset-fashion-mnist</c> puts it), <c>idx:DIR</c>, any directory
/// holding MNIST-layout IDX files of 28x28 images (EMNIST's splits, renamed, for example), and
/// <c>folder:DIR</c>, a directory of images (<see cref="Dcgan.Runtime.Images.ImageCodec.Formats"/>). All come out in the model's image shape.
/// </summary>
public static class TrainingData
{
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";

    public static readonly string[] Names = ["mnist", "fashion-mnist", "idx:DIR", "folder:DIR"];

    public static string Describe => string.Join(", ", Names);

    /// <summary>Throws a usage error unless <paramref name="name"/> is one of <see cref="Names"/>.</summary>
    public static void Check(string name)
    {
        if (name is "mnist" or "fashion-mnist") return;
        if (name.StartsWith("idx:", StringComparison.Ordinal) && name.Length > 4) return;
        if (name.StartsWith("folder:", StringComparison.Ordinal) && name.Length > 7) return;
        throw new UsageException($"unknown dataset '{name}'; available: {Describe}");
    }

    /// <summary>The training images of <paramref name="name"/> in the model's image shape (8-bit, channel-major).</summary>
    public static byte[] Load(string name, string? dataDirectoryFlag, int[] imageShape, Action<string> say, out int count)
    {
        Check(name);
        if (name.StartsWith("folder:", StringComparison.Ordinal))
        {
            string folder = name[7..];
            if (!Directory.Exists(folder))
                throw new UsageException($"--dataset {name}: no such directory");
            var images = ImageFolder.Load(folder, imageShape[0], imageShape[1], imageShape[2], out count);
            say($"{name}: {count:N0} images, each converted to {(imageShape[0] == 1 ? "grey" : "RGB")} {imageShape[1]}x{imageShape[2]}");
            return images;
        }
        var data = LoadIdx(name, dataDirectoryFlag, say);
        count = data.Count;
        var fitted = ImageAdapter.Fit(data.Images, data.Count, 1, data.Height, data.Width, imageShape);
        if (fitted != data.Images)
            say($"{name}: {data.Height}x{data.Width} grey images resized to the model's {string.Join("x", imageShape)}");
        return fitted;
    }

    /// <summary>MNIST's training or test split, fetched into the data directory on first use.</summary>
    public static MnistDataset Mnist(string? dataDirectoryFlag, bool train, Action<string> say)
    {
        string mnist = DataDirectory.Mnist(DataDirectory.Resolve(dataDirectoryFlag));
        MnistFetcher.EnsurePresent(mnist, say);
        return MnistDataset.Load(mnist, train);
    }

    private static MnistDataset LoadIdx(string name, string? dataDirectoryFlag, Action<string> say)
    {
        if (name.StartsWith("idx:", StringComparison.Ordinal))
        {
            string directory = name[4..];
            if (!Directory.Exists(directory))
                throw new UsageException($"--dataset {name}: no such directory");
            return MnistDataset.Load(directory, train: true);
        }
        if (name == "mnist") return Mnist(dataDirectoryFlag, train: true, say);
        string root = DataDirectory.Resolve(dataDirectoryFlag);
        foreach (var directory in new[] { Path.Combine(root, "fashion-mnist"), DebianFashionMnist })
            if (MnistDataset.Locate(directory, "train-images-idx3-ubyte") is not null)
                return MnistDataset.Load(directory, train: true);
        throw new DcganException($"Fashion-MNIST not found in {Path.Combine(root, "fashion-mnist")} or {DebianFashionMnist}: "
            + "install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or put its four IDX files in the first");
    }
}
