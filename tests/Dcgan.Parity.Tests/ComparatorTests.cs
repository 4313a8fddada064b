using Dcgan.App;
using Dcgan.Runtime;
using Dcgan.Runtime.IO;
using Dcgan.Runtime.Parity;

namespace Dcgan.Parity.Tests;

/// <summary>The parity check must be able to fail: a step that is slightly wrong is caught.</summary>
public class ComparatorTests
{
    [Fact]
    public void A_step_with_one_wrong_learning_rate_fails_parity()
    {
        string fixture = Paths.SharedFixture("fc_conv_mnist.safetensors");
        var model = ModelCatalog.Require("fc_conv_mnist");
        var skewed = new SkewedModel(model);
        var report = ParityRunner.Run(fixture, name => name == "fc_conv_mnist" ? skewed : null, Paths.SharedNoiseFloor);
        Assert.False(report.Passed);
        Assert.Contains(report.Checks, c => !c.Passed && c.Tensor.StartsWith("step1/param/G."));
    }

    [Fact]
    public void A_fixture_of_another_format_is_refused_with_a_clear_message()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-fixture-{Guid.NewGuid():N}.safetensors");
        SafeTensorsWriter.Write(path, new Dictionary<string, string> { ["format"] = "something-else" }, []);
        try
        {
            var error = Assert.Throws<DcganException>(() => ParityRunner.Run(path, ModelCatalog.Find));
            Assert.Contains("dcgan-parity/1", error.Message);
        }
        finally { File.Delete(path); }
    }

    /// <summary>The real step, with G's learning rate 5% high: a bug PyTorch's noise cannot excuse.</summary>
    private sealed class SkewedModel(IGanModel inner) : IGanModel
    {
        public GanDefinition Definition => inner.Definition;
        public void Generate(GanState state, BatchNormMode batchNorm = BatchNormMode.Eval) => inner.Generate(state, batchNorm);
        public void TrainStep(GanState state)
        {
            var adam = state.Generator.Adam;
            state.Generator.Adam = adam with { LearningRate = adam.LearningRate * 1.05f };
            inner.TrainStep(state);
            state.Generator.Adam = adam;
        }
    }
}
