using Dcgan.Runtime.IO;
using Dcgan.Runtime.Training;

namespace Dcgan.Runtime.Tests.Training;

/// <summary>
/// Parity runs start from hash/1 values rather than stored weights, so every init/* tensor
/// of a fixture must come out of <see cref="HashInit"/> bit for bit. (They do: float32 scalars and one
/// rounding per op is exactly what PyTorch does here; if a platform ever differs by an ulp,
/// that is worth knowing rather than tolerating silently.)
/// </summary>
public class HashInitFixtureTests
{
    // fc_conv_mnist as reference.py declares it: name, shape (PyTorch layout), role, fan-in of the layer's weight.
    private static readonly (string Name, int[] Shape, TensorRole Role, int FanIn)[] FcConvMnist =
    [
        ("G.0.weight", [784, 100], TensorRole.Weight, 100),
        ("G.0.bias", [784], TensorRole.Bias, 100),
        .. BatchNorm("G.1", 784),
        ("G.4.weight", [16, 32, 5, 5], TensorRole.Weight, 32 * 25),
        .. BatchNorm("G.5", 32),
        ("G.7.weight", [32, 1, 5, 5], TensorRole.Weight, 25),
        ("D.0.weight", [32, 1, 5, 5], TensorRole.Weight, 25),
        ("D.2.weight", [16, 32, 5, 5], TensorRole.Weight, 32 * 25),
        .. BatchNorm("D.3", 16),
        ("D.6.weight", [784, 784], TensorRole.Weight, 784),
        ("D.6.bias", [784], TensorRole.Bias, 784),
        .. BatchNorm("D.7", 784),
        ("D.9.weight", [1, 784], TensorRole.Weight, 784),
        ("D.9.bias", [1], TensorRole.Bias, 784),
    ];

    private static (string, int[], TensorRole, int)[] BatchNorm(string layer, int channels) =>
    [
        ($"{layer}.weight", [channels], TensorRole.BatchNormWeight, 0),
        ($"{layer}.bias", [channels], TensorRole.BatchNormBias, 0),
        ($"{layer}.running_mean", [channels], TensorRole.RunningMean, 0),
        ($"{layer}.running_var", [channels], TensorRole.RunningVar, 0),
    ];

    [ParityFact]
    public void ReproducesEveryInitTensorOfFcConvMnist()
    {
        var file = SafeTensorsFile.Read(ParityFixtures.Fixture("fc_conv_mnist")!);
        ulong seed = ulong.Parse(file.Metadata["seed"]);
        Assert.Equal("hash/1", file.Metadata["init"]);

        var covered = file.Tensors.Keys.Where(k => k.StartsWith("init/") && !k.EndsWith("@stats")).Order().ToList();
        Assert.Equal(covered, FcConvMnist.Select(t => "init/" + t.Name).Order());

        foreach (var (name, shape, role, fanIn) in FcConvMnist)
        {
            int n = shape.Aggregate(1, (a, b) => a * b);
            var values = new float[n];
            HashInit.Fill(name, seed, role, fanIn, values);

            var stats = file.Get($"init/{name}@stats").Data;
            Assert.Equal(n, (int)stats[0]);
            int stride = (int)stats[1];
            var stored = file.Get($"init/{name}").Data;
            Assert.Equal((n + stride - 1) / stride, stored.Length);
            for (int i = 0; i < stored.Length; i++)
            {
                float mine = values[i * stride];
                int ulps = Math.Abs(BitConverter.SingleToInt32Bits(mine) - BitConverter.SingleToInt32Bits(stored[i]));
                Assert.True(ulps == 0, $"{name}[{i * stride}]: {mine:R} vs fixture {stored[i]:R}");
            }
            Assert.Equal(stats[2], values.Sum(v => (double)v), 1e-3 * Math.Max(1, Math.Abs(stats[2])));
        }
    }
}
