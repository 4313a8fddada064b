using Microsoft.CodeAnalysis;

namespace Dcgan.Generators.Tests;

/// <summary>A valid declaration generates a step that compiles, with its plan fixed in the text.</summary>
public class GenerationTests
{
    [Fact]
    public void Fc_conv_mnist_generates_a_step_that_compiles_without_errors()
    {
        var (generator, compile, run) = GeneratorHarness.Run(Sources.FcConvMnist);
        Assert.Empty(generator);
        // The kernels live in Dcgan.Runtime; the test compilation references it, so the step must compile cleanly.
        Assert.Empty(compile);
        string step = run.Results[0].GeneratedSources.Single(s => s.HintName.EndsWith("FcConvMnist.Step.g.cs")).SourceText.ToString();
        Assert.Contains("public const long GParameterFloats = 94416;", step);
        Assert.Contains("private static unsafe void DiscriminatorForward(GanState s)", step);
        Assert.Contains("// G.4 ConvTranspose2d(16 -> 32, 5x5, stride 2, pad 2, out pad 1, no bias): [16, 7, 7] -> [32, 14, 14]", step);
        Assert.Contains("K.BatchNormForwardInference(", step); // G in eval mode for D's fake batch
        Assert.DoesNotContain(" new float[", step);             // nothing allocated per step
    }

    [Fact]
    public void Running_twice_on_an_unrelated_edit_reuses_every_cached_step()
    {
        var compilation = GeneratorHarness.Compilation(Sources.FcConvMnist);
        var parse = (Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)compilation.SyntaxTrees.First().Options;
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            [new DcganGenerator().AsSourceGenerator()], parseOptions: parse,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Unrelated { }", parse));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results[0];
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step ran again: {o.Reason}"));
    }
}
