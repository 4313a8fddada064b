using Dcgan.App;
using Dcgan.Runtime;
using Dcgan.Runtime.Export;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Dcgan.Parity.Tests;

/// <summary>
/// Every zoo generator exported to ONNX and run by ONNX Runtime gives the images our own eval-mode
/// forward pass gives for the same latents.
/// </summary>
public class OnnxExportTests
{
    public static TheoryData<string> Models() => new(ModelCatalog.All.Select(m => m.Definition.Name));

    [Theory]
    [MemberData(nameof(Models))]
    public void Onnx_runtime_reproduces_our_generator(string name)
    {
        const int batch = 3;
        var model = ModelCatalog.Require(name);
        var definition = model.Definition;
        using var state = new GanState(definition, batch);
        ParameterInit.Initialise(state, definition.Init, 5);
        GiveRunningStatisticsValuesOfATrainedNetwork(state);
        new LatentSampler(definition.LatentDistribution, 5, 1).Fill(state.LatentD);
        var latents = state.LatentD.ToArray();
        model.Generate(state);
        var ours = state.Fake.ToArray();

        using var session = new InferenceSession(OnnxExport.Generator(state));
        var input = new DenseTensor<float>(latents, [batch, .. definition.LatentShape]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, input)]);
        var image = results.Single(r => r.Name == OnnxExport.OutputName).AsTensor<float>();
        Assert.Equal([batch, .. definition.ImageShape], image.Dimensions.ToArray());
        var theirs = image.ToArray();

        float worst = 0;
        for (int i = 0; i < ours.Length; i++) worst = Math.Max(worst, Math.Abs(ours[i] - theirs[i]));
        Assert.True(worst < 2e-5f, $"{name}: largest difference {worst:E2} between ONNX Runtime and dcgan");
        Assert.True(ours.Distinct().Count() > ours.Length / 4, $"{name}: a degenerate output would make this comparison meaningless");
    }

    /// <summary>Running means and variances away from 0 and 1, so the test sees a wrong mapping of them.</summary>
    private static void GiveRunningStatisticsValuesOfATrainedNetwork(GanState state)
    {
        var random = new Random(9);
        foreach (var spec in state.Definition.Tensors.Where(t => t.Net == Net.Generator && t.IsStatistic))
        {
            var values = state.Generator.Statistics.Span(spec.Offset, spec.Length);
            for (int i = 0; i < values.Length; i++)
                values[i] = spec.Role == TensorRole.RunningMean ? (float)(random.NextDouble() - 0.5) * 0.2f : 0.5f + (float)random.NextDouble();
        }
    }
}
