using Dcgan.App;
using Dcgan.Runtime;

namespace Dcgan.Parity.Tests;

/// <summary>A compiled training step allocates nothing on the managed heap once warm.</summary>
public class StepAllocationTests
{
    [Fact]
    public void Training_step_and_sampling_allocate_zero_managed_bytes_after_warm_up()
    {
        var model = ModelCatalog.Require("fc_conv_mnist");
        using var state = new GanState(model.Definition, 16);
        ParameterInit.Initialise(state, model.Definition.Init, 3);
        var latents = new LatentSampler(LatentDistribution.Normal, 3, 3);
        state.Real.Fill(0.5f);
        for (int i = 0; i < 3; i++) Step(model, state, ref latents);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) Step(model, state, ref latents);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
        Assert.True(float.IsFinite(state.DLoss) && float.IsFinite(state.GLoss));
    }

    private static void Step(IGanModel model, GanState state, ref LatentSampler latents)
    {
        latents.Fill(state.LatentD);
        latents.Fill(state.LatentG);
        model.TrainStep(state);
        model.Generate(state);
    }
}
