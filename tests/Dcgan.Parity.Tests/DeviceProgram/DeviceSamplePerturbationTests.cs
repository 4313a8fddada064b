using Dcgan.Parity.Tests.CudaKernels;
using Dcgan.Runtime;
using Xunit.Abstractions;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// The comparison of DeviceSampleTests catches a sampling program that is wrong in the ways one can be: batch norm in the
/// other mode (the batch's statistics for eval, or the running ones for training, which also leaves them unmoved), or G
/// run on the wrong latents. Each must break SampleTolerance, or the tolerance would let such a program through.
/// </summary>
public class DeviceSamplePerturbationTests(ITestOutputHelper output)
{
    [GxxTheory]
    [InlineData("pyimagesearch", "training batch norm for eval")]
    [InlineData("fc_conv_mnist", "training batch norm for eval")]
    [InlineData("conv4x4", "eval batch norm for training")]
    [InlineData("tf_dcgan", "eval batch norm for training")]
    [InlineData("ganlab", "G's latents for D's")]
    public void A_wrong_sampling_program_is_caught(string name, string edit)
    {
        BatchNormMode mode;
        Func<GanDefinition, IReadOnlyList<DeviceOp>> program;
        switch (edit)
        {
            case "training batch norm for eval":
                (mode, program) = (BatchNormMode.Eval, d => d.DeviceSampleTraining);
                break;
            case "eval batch norm for training":
                (mode, program) = (BatchNormMode.Train, d => d.DeviceSample);
                break;
            default:
                Assert.Equal("G's latents for D's", edit);
                (mode, program) = (BatchNormMode.Eval, d => FromLatentG(d));
                break;
        }
        var breaches = SampleTolerance.Breaches(DeviceSampleTests.Run(name, mode, program), mode).ToList();
        Assert.NotEmpty(breaches);
        output.WriteLine($"{name}, {edit}: {breaches.Count} breaches, the first {breaches[0]}");
    }

    /// <summary>The eval sampling program with its reads of the z_d slot moved to z_g (which holds the training step's latents).</summary>
    private static List<DeviceOp> FromLatentG(GanDefinition d)
    {
        var program = d.DeviceSample.Select(op => op with
        {
            Operands = op.Operands.Select(o => o.Buffer == DeviceMemory.Arena && o.Offset == d.LatentD.OffsetPerSample ? o with { Offset = d.LatentG.OffsetPerSample } : o).ToArray(),
        }).ToList();
        Assert.Contains(program.SelectMany(op => op.Operands), o => o.Buffer == DeviceMemory.Arena && o.Offset == d.LatentG.OffsetPerSample);
        return program;
    }
}
