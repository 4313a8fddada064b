using Dcgan.Runtime.Data;

namespace Dcgan.Tests.Shared;

/// <summary>An <c>idx:DIR</c> training set for CLI runs: 28x28 images of seeded random bytes, every label 0.</summary>
public static class RandomMnist
{
    /// <summary>Writes train-images and train-labels of <paramref name="count"/> images into <paramref name="directory"/>; returns it.</summary>
    public static string Write(string directory, int count, int seed)
    {
        var images = new byte[count * 28 * 28];
        new Random(seed).NextBytes(images);
        IdxFile.Write(Path.Combine(directory, "train-images-idx3-ubyte"), [count, 28, 28], images);
        IdxFile.Write(Path.Combine(directory, "train-labels-idx1-ubyte"), [count], new byte[count]);
        return directory;
    }
}
