using Dcgan.Generators.Model;
using Dcgan.Generators.Planning;

namespace Dcgan.Generators.Tests;

/// <summary>
/// The verify passes catch a broken plan as a DCGAN010 diagnostic: plans built by hand with one fault each (a role left
/// unbound, a launch short of an operand or given the wrong kind, two live tensors sharing memory), beside a sound one.
/// </summary>
public class VerifyPassTests
{
    private static (StepProgram Program, Phase Phase) OnePhase()
    {
        var program = new StepProgram();
        var phase = new Phase("Test", "a hand-built phase");
        program.Phases.Add(phase);
        return (program, phase);
    }

    private static ArenaTensor Tensor(StepProgram program, string name, long size = 16)
    {
        var tensor = new ArenaTensor(name, size, name);
        program.Tensors.Add(tensor);
        return tensor;
    }

    private static DeviceKernel CopyKernel()
    {
        var kernel = new DeviceKernel("copy_test", "Copy", "Elementwise", "a copy");
        kernel.Parameters.AddRange(new[] { CParameter.In("x"), CParameter.Out("y"), CParameter.Batch });
        return kernel;
    }

    private static List<string> VerifyOps(StepProgram program, params DeviceKernel[] kernels)
    {
        var diagnostics = new List<DiagnosticInfo>();
        StepVerifier.VerifyOps(new[] { program }, kernels, diagnostics, null);
        Assert.All(diagnostics, d => Assert.Equal("DCGAN010", d.Id));
        return diagnostics.Select(d => d.Arguments[0]).ToList();
    }

    private static Statement Copy(Phase phase, ArenaTensor x, ArenaTensor y, bool withCount = true)
    {
        var statement = new Statement("copy x to y", OpCode.Copy).Bind("x", Operand.Of(x)).Bind("y", Operand.Of(y));
        if (withCount) statement.Bind("count", OpAttribute.Elements(16));
        phase.Statements.Add(statement);
        return statement;
    }

    /// <summary>One copy from x to y with their lifetimes numbered and no offsets yet: the memory tests set those.</summary>
    private static (StepProgram Program, ArenaTensor X, ArenaTensor Y) CopyWithLifetimes()
    {
        var (program, phase) = OnePhase();
        var x = Tensor(program, "x");
        var y = Tensor(program, "y");
        Copy(phase, x, y);
        program.ComputeLifetimes();
        return (program, x, y);
    }

    [Fact]
    public void A_sound_plan_passes_both_verify_passes()
    {
        var (program, phase) = OnePhase();
        var kernel = CopyKernel();
        var x = Tensor(program, "x");
        var y = Tensor(program, "y");
        Copy(phase, x, y).Launch(kernel, Operand.Of(x), Operand.Of(y), Operand.Batch);
        Assert.Empty(VerifyOps(program, kernel));

        long floats = MemoryPlanner.PlanPrograms(program);
        var diagnostics = new List<DiagnosticInfo>();
        StepVerifier.VerifyMemory(new[] { program }, floats, new List<ScratchTensor>(), 0, diagnostics, null);
        Assert.Empty(diagnostics);
        Assert.NotEqual(x.Offset, y.Offset);
    }

    [Fact]
    public void A_role_of_the_row_left_unbound_is_reported()
    {
        var (program, phase) = OnePhase();
        Copy(phase, Tensor(program, "x"), Tensor(program, "y"), withCount: false);
        var problem = Assert.Single(VerifyOps(program));
        Assert.Contains("Copy binds count 0 times", problem);
    }

    [Fact]
    public void A_role_the_row_does_not_have_is_reported()
    {
        var (program, phase) = OnePhase();
        Copy(phase, Tensor(program, "x"), Tensor(program, "y")).Bind("slope", OpAttribute.Float(0.2));
        Assert.Contains("Copy has no role slope", Assert.Single(VerifyOps(program)));
    }

    [Fact]
    public void A_launch_short_of_a_parameter_or_given_the_wrong_kind_is_reported()
    {
        var (program, phase) = OnePhase();
        var kernel = CopyKernel();
        var x = Tensor(program, "x");
        var y = Tensor(program, "y");
        Copy(phase, x, y).Launch(kernel, Operand.Of(x), Operand.Of(y));
        Assert.Contains("copy_test takes 3 parameters but is launched with 2 operands", Assert.Single(VerifyOps(program, kernel)));

        (program, phase) = OnePhase();
        x = Tensor(program, "x");
        y = Tensor(program, "y");
        Copy(phase, x, y).Launch(kernel, Operand.Of(x), Operand.Of(y), Operand.Of(y));
        Assert.Contains("copy_test's parameter int n is given y", Assert.Single(VerifyOps(program, kernel)));
    }

    [Fact]
    public void A_kernel_the_row_does_not_allow_is_reported()
    {
        var (program, phase) = OnePhase();
        var kernel = new DeviceKernel("wrong", "Adam", "Elementwise", "not a copy");
        kernel.Parameters.AddRange(new[] { CParameter.In("x"), CParameter.Out("y"), CParameter.Batch });
        var x = Tensor(program, "x");
        var y = Tensor(program, "y");
        Copy(phase, x, y).Launch(kernel, Operand.Of(x), Operand.Of(y), Operand.Batch);
        Assert.Contains("Copy may not launch a Adam kernel", Assert.Single(VerifyOps(program, kernel)));
    }

    [Fact]
    public void Two_tensors_live_at_once_in_the_same_memory_are_reported()
    {
        var (program, x, y) = CopyWithLifetimes();
        x.Offset = 0;
        y.Offset = 8;
        var diagnostics = new List<DiagnosticInfo>();
        StepVerifier.VerifyMemory(new[] { program }, 32, new List<ScratchTensor>(), 0, diagnostics, null);
        Assert.Contains("x and y are live at once", Assert.Single(diagnostics).Arguments[0]);
    }

    [Fact]
    public void A_tensor_past_the_arena_or_without_an_offset_is_reported()
    {
        var (program, x, _) = CopyWithLifetimes();
        x.Offset = 0;
        var diagnostics = new List<DiagnosticInfo>();
        StepVerifier.VerifyMemory(new[] { program }, 16, new List<ScratchTensor>(), 0, diagnostics, null);
        var problems = diagnostics.Select(d => d.Arguments[0]).ToList();
        Assert.Contains(problems, p => p.Contains("y has no arena offset"));
    }

    [Fact]
    public void Overlapping_scratch_tensors_are_reported()
    {
        var (program, _) = OnePhase();
        var scratch = new List<ScratchTensor> { new("mean", 16, 0), new("invstd", 16, 8) };
        var diagnostics = new List<DiagnosticInfo>();
        StepVerifier.VerifyMemory(new[] { program }, 0, scratch, 32, diagnostics, null);
        Assert.Contains("scratch mean and invstd overlap", Assert.Single(diagnostics).Arguments[0]);
    }
}
