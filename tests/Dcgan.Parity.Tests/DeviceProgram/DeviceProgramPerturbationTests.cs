using Dcgan.Models;
using Dcgan.Parity.Tests.CudaKernels;
using Dcgan.Runtime;
using Xunit.Abstractions;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// The comparison of DeviceProgramTests catches a program that is wrong in the ways a program can be: two operations in
/// the wrong order, an operand bound to the wrong buffer, the wrong device counter, a missing operation. Each edit of the
/// generated program below must break StepTolerance, or the tolerance would let such a program through.
/// </summary>
public class DeviceProgramPerturbationTests(ITestOutputHelper output)
{
    [GxxTheory]
    [InlineData("pyimagesearch", "the first forward product after its epilogue")]
    [InlineData("tf_dcgan", "the gradient clear after the first backward")]
    [InlineData("fc_conv_mnist", "Adam's moments swapped")]
    [InlineData("conv4x4", "a weight gradient from the wrong input")]
    [InlineData("ganlab", "dropout on the Adam step counter")]
    [InlineData("ganlab", "the step counter not advanced")]
    [InlineData("tf_dcgan", "a batch norm's eps nudged")]
    [InlineData("dcgan64", "a batch norm's momentum nudged")]
    public void A_wrong_program_is_caught(string name, string edit)
    {
        var definition = GanZoo.Models.Single(m => m.Definition.Name == name).Definition;
        var steps = DeviceProgramTests.Run(name, program => Edit(program.ToList(), edit));
        var breaches = steps.SelectMany((differences, i) => StepTolerance.Breaches(differences, definition, i + 1).Select(b => $"step {i + 1}: {b}")).ToList();
        Assert.NotEmpty(breaches);
        output.WriteLine($"{name}, {edit}: {breaches.Count} breaches, the first {breaches[0]}");
    }

    [GxxFact]
    public void A_launch_that_leaves_a_kernel_parameter_unbound_is_refused()
    {
        // What no tolerance needs to judge: a launch's operands must name exactly its kernel's C parameters.
        var error = Assert.Throws<InvalidOperationException>(() => DeviceProgramTests.Run("pyimagesearch", program => program
            .Select(op => op.Kind == DeviceOpKind.Launch && op.Kernel.EndsWith("_adam") ? op with { Operands = op.Operands.Where(o => o.Name != "v").ToArray() } : op)
            .ToList()));
        Assert.Contains("binds", error.Message);
        output.WriteLine(error.Message);
    }

    private static List<DeviceOp> Edit(List<DeviceOp> program, string edit)
    {
        switch (edit)
        {
            case "the first forward product after its epilogue":
            {
                int i = program.FindIndex(op => op.Kind is DeviceOpKind.Gemm or DeviceOpKind.Convolution);
                Assert.Equal(DeviceOpKind.Launch, program[i + 1].Kind);
                (program[i], program[i + 1]) = (program[i + 1], program[i]);
                break;
            }
            case "the gradient clear after the first backward":
            {
                // The first clear moved past the first weight gradient that accumulates onto what it clears.
                int clear = program.FindIndex(op => op.Kind == DeviceOpKind.Clear);
                var net = program[clear].Operands[0].Net;
                int gradient = program.FindIndex(clear, op => op.Operands.Any(o => o.Buffer == DeviceMemory.Gradients && o.Net == net) && op.Kind != DeviceOpKind.Clear);
                var cleared = program[clear];
                program.RemoveAt(clear);
                program.Insert(gradient, cleared);
                break;
            }
            case "Adam's moments swapped":
            {
                int adam = program.FindIndex(op => op.Kind == DeviceOpKind.Launch && op.Operands.Any(o => o.Buffer == DeviceMemory.AdamM));
                program[adam] = program[adam] with
                {
                    Operands = program[adam].Operands.Select(o => o.Buffer switch
                    {
                        DeviceMemory.AdamM => o with { Buffer = DeviceMemory.AdamV },
                        DeviceMemory.AdamV => o with { Buffer = DeviceMemory.AdamM },
                        _ => o,
                    }).ToArray(),
                };
                break;
            }
            case "a weight gradient from the wrong input":
            {
                // The last weight gradient (G's first layer) reads its output gradient in place of its input.
                int i = program.FindLastIndex(op => op.Kind == DeviceOpKind.Convolution && op.Work == ConvolutionWork.WeightGradient);
                var image = program[i].Operand("image");
                var feature = program[i].Operand("feature");
                program[i] = program[i] with { Operands = program[i].Operands.Select(o => o.Name == "feature" ? feature with { Offset = image.Offset } : o).ToArray() };
                break;
            }
            case "dropout on the Adam step counter":
            {
                int i = program.FindIndex(op => op.Kernel.Contains("dropout_stream"));
                program[i] = program[i] with
                {
                    Operands = program[i].Operands.Select(o => o.Buffer == DeviceMemory.Counters ? DeviceBinding.Counter(o.Name, DeviceCounter.DiscriminatorAdamStep) : o).ToArray(),
                };
                break;
            }
            case "a batch norm's eps nudged":
            case "a batch norm's momentum nudged":
            {
                // The first batch norm of the step (cuDNN's forward training): the layer's constants travel in the program row.
                int i = program.FindIndex(op => op.Kind == DeviceOpKind.BatchNorm && op.Normalization == BatchNormWork.ForwardTraining);
                program[i] = edit.Contains("eps") ? program[i] with { Eps = program[i].Eps * 1.5f } : program[i] with { Momentum = program[i].Momentum * 1.5f };
                break;
            }
            default:
                Assert.Equal("the step counter not advanced", edit);
                Assert.True(program[^1].Operands.Single().Offset == (long)DeviceCounter.Step);
                program.RemoveAt(program.Count - 1);
                break;
        }
        return program;
    }
}
