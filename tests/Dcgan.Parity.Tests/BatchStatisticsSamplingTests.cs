using Dcgan.App;
using Dcgan.Runtime;

namespace Dcgan.Parity.Tests;

/// <summary>
/// Sampling with training-mode batch norm is G's forward pass as the training step runs it: the standard
/// recipe's step leaves G(z_d) in training mode in the fake slot, computed before either update.
/// </summary>
public class BatchStatisticsSamplingTests
{
    [Theory]
    [InlineData("pyimagesearch")]
    [InlineData("conv4x4")]
    public void Training_mode_generation_equals_the_fake_batch_of_a_standard_step_bit_for_bit(string name)
    {
        const int batch = 8;
        var model = ModelCatalog.Require(name);
        var definition = model.Definition;
        Assert.Equal(GanRecipe.Standard, definition.Recipe);
        using var training = new GanState(definition, batch);
        using var sampling = new GanState(definition, batch);
        ParameterInit.Initialise(training, definition.Init, 2);
        ParameterInit.Initialise(sampling, definition.Init, 2);
        new LatentSampler(definition.LatentDistribution, 2, 1).Fill(training.LatentD);
        training.LatentD.CopyTo(sampling.LatentD);
        new LatentSampler(definition.LatentDistribution, 2, 2).Fill(training.LatentG);
        training.Real.Fill(definition.PixelBounds.High * 0.5f);

        model.TrainStep(training);
        model.Generate(sampling, BatchNormMode.Train);
        Assert.Equal(training.Fake.ToArray(), sampling.Fake.ToArray());

        model.Generate(sampling, BatchNormMode.Eval);
        Assert.NotEqual(training.Fake.ToArray(), sampling.Fake.ToArray());
    }
}
