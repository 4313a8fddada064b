using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Tests.IO;

/// <summary>The parity fixtures were written by Python's safetensors: reading them proves interoperability.</summary>
public class SafeTensorsFixtureTests
{
    [ParityFact]
    public void ReadsTheFcConvMnistFixture()
    {
        string path = ParityFixtures.Fixture("fc_conv_mnist")!;

        var file = SafeTensorsFile.Read(path);

        Assert.Equal("dcgan-parity/1", file.Metadata["format"]);
        Assert.Equal("fc_conv_mnist", file.Metadata["model"]);
        var weight = file.Get("init/G.0.weight");
        Assert.Equal([3920], weight.Shape);
        // @stats = [n, stride, sum, sumsq, max|x|]: G.0 is Linear(100, 784), stride ceil(78400 / 4096) = 20.
        var stats = file.Get("init/G.0.weight@stats").Data;
        Assert.Equal(78400f, stats[0]);
        Assert.Equal(20f, stats[1]);
        Assert.InRange(weight.Data.Max(Math.Abs), 0f, stats[4]);
        Assert.All(file.Tensors.Values, t => Assert.Equal(t.Shape.Aggregate(1L, (a, b) => a * b), t.Data.LongLength));
    }
}
