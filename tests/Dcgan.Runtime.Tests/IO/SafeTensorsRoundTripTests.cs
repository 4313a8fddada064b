using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Tests.IO;

public class SafeTensorsRoundTripTests
{
    [Fact]
    public void WhatIsWrittenReadsBackExactly()
    {
        using var temp = new TempDirectory();
        string path = temp.File("ckpt.safetensors");
        float[] weight = [1.5f, -0f, float.Epsilon, float.MaxValue, float.NegativeInfinity, 3.25f];
        float[] step = [42];
        var metadata = new Dictionary<string, string> { ["format"] = "dcgan-checkpoint/1", ["note"] = "ünïcode \"quoted\"" };

        SafeTensorsWriter.Write(path, metadata, [
            ("G.0.weight", [2, 3], weight),
            ("step", [1], step),
            ("empty", [0, 4], ReadOnlyMemory<float>.Empty),
        ]);
        var file = SafeTensorsFile.Read(path);

        Assert.Equal(metadata, file.Metadata);
        Assert.Equal(3, file.Tensors.Count);
        var w = file.Get("G.0.weight");
        Assert.Equal([2, 3], w.Shape);
        // Bitwise, so -0 and denormals are checked too.
        Assert.Equal(weight.Select(BitConverter.SingleToInt32Bits), w.Data.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal([0, 4], file.Get("empty").Shape);
        Assert.True(file.TryGet("step", out var s));
        Assert.Equal(step, s.Data);
        Assert.False(file.TryGet("nope", out _));
    }

    // Other safetensors readers (and the fixtures) expect the data to start 8-byte aligned.
    [Fact]
    public void HeaderIsPaddedToAMultipleOfEight()
    {
        using var temp = new TempDirectory();
        string path = temp.File("a.safetensors");
        SafeTensorsWriter.Write(path, new Dictionary<string, string> { ["k"] = "v" }, [("x", [1], new float[] { 1 })]);

        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);

        Assert.Equal(0, headerLength % 8);
        Assert.Equal(8 + headerLength + 4, bytes.Length);
    }

    [Fact]
    public void MissingTensorNamesTheFileAndTheTensor()
    {
        using var temp = new TempDirectory();
        string path = temp.File("a.safetensors");
        SafeTensorsWriter.Write(path, new Dictionary<string, string>(), [("x", [1], new float[] { 1 })]);

        var error = Assert.Throws<DcganException>(() => SafeTensorsFile.Read(path).Get("D.3.running_var"));

        Assert.Contains(path, error.Message);
        Assert.Contains("D.3.running_var", error.Message);
    }

    [Fact]
    public void WriterRefusesDataThatDoesNotMatchItsShape()
    {
        using var temp = new TempDirectory();
        Assert.Throws<ArgumentException>(() =>
            SafeTensorsWriter.Write(temp.File("a.safetensors"), new Dictionary<string, string>(), [("x", [2, 2], new float[3])]));
        Assert.Empty(temp.Entries());
    }
}
