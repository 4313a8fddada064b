using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Dcgan.Generators.Tests;

/// <summary>
/// The incremental cache: a GAN's planning, checks and emission depend on its own generator and discriminator only,
/// so an edit to one GAN's networks re-emits that GAN and leaves every other GAN's outputs cached.
/// </summary>
public class IncrementalCachingTests
{
    private const string GanNetworks = TrackingNames.GanNetworks, CompiledGan = TrackingNames.CompiledGan;
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Preview);

    /// <summary>fc_conv_mnist (<see cref="Sources.FcConvMnist"/>) in namespace <paramref name="ns"/>, its GAN class <paramref name="gan"/>; D's hidden layer is <paramref name="hidden"/> wide.</summary>
    private static string Source(string ns, string gan, int hidden) => Edit(Sources.FcConvMnist,
        ("namespace Test.Models;", $"namespace {ns};"),
        ("[Linear(784), BatchNorm, LeakyRelu(0.01f)] partial Block Hidden", $"[Linear({hidden}), BatchNorm, LeakyRelu(0.01f)] partial Block Hidden"),
        ("[Gan(typeof(G), typeof(D), ", $"[Gan(typeof(G), typeof(D), Name = \"{gan.ToLowerInvariant()}\", "),
        ("public partial class FcConvMnist;", $"public partial class {gan};"));

    /// <summary><paramref name="source"/> with each text replaced, every one of which must be there.</summary>
    private static string Edit(string source, params (string Old, string New)[] edits)
    {
        foreach (var (old, replacement) in edits)
        {
            Assert.Contains(old, source);
            source = source.Replace(old, replacement);
        }
        return source;
    }

    private static SyntaxTree Tree(string source, string path) => CSharpSyntaxTree.ParseText(source, Parse, path: path);

    [Fact]
    public void Editing_one_gans_discriminator_leaves_the_other_gans_steps_cached()
    {
        var alpha = Tree(Source("Test.Alpha", "Alpha", 784), "Alpha.cs");
        var beta = Tree(Source("Test.Beta", "Beta", 784), "Beta.cs");
        var compilation = GeneratorHarness.Compilation("").RemoveAllSyntaxTrees().AddSyntaxTrees(alpha, beta);

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new DcganGenerator().AsSourceGenerator()], parseOptions: Parse,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var first, out var firstDiagnostics);
        Assert.Empty(firstDiagnostics);
        Assert.Empty(first.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var firstRun = driver.GetRunResult().Results.Single();
        Assert.Contains(firstRun.GeneratedSources, s => s.HintName == "Test.Alpha.Alpha.Step.g.cs");
        Assert.Contains(firstRun.GeneratedSources, s => s.HintName == "Test.Beta.Beta.Step.g.cs");

        // Alpha's D gets a narrower hidden layer: a different model that still compiles.
        var edited = compilation.ReplaceSyntaxTree(alpha, Tree(Source("Test.Alpha", "Alpha", 512), "Alpha.cs"));
        driver = driver.RunGeneratorsAndUpdateCompilation(edited, out var second, out var secondDiagnostics);
        Assert.Empty(secondDiagnostics);
        Assert.Empty(second.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var run = driver.GetRunResult().Results.Single();
        Assert.NotEqual(
            firstRun.GeneratedSources.Single(s => s.HintName == "Test.Alpha.Alpha.Step.g.cs").SourceText.ToString(),
            run.GeneratedSources.Single(s => s.HintName == "Test.Alpha.Alpha.Step.g.cs").SourceText.ToString());

        var networks = run.TrackedSteps[GanNetworks];
        Assert.Equal(2, networks.Length);
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(networks, "Test.Alpha"));
        Assert.True(Reason(networks, "Test.Beta") is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"Beta's networks: {Reason(networks, "Test.Beta")}");

        // Below it, Beta's check is not run again; and neither is its emission, while Alpha's is.
        var compiled = run.TrackedSteps[CompiledGan];
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(compiled, "Test.Beta"));
        var emissions = run.TrackedOutputSteps["SourceOutput"]
            .Where(step => step.Inputs.Any(input => input.Source.Name == GanNetworks))
            .ToDictionary(step => Namespace(step.Inputs.Single().Source.Outputs[step.Inputs.Single().OutputIndex].Value));
        Assert.Equal(IncrementalStepRunReason.Modified, emissions["Test.Alpha"].Outputs.Single().Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, emissions["Test.Beta"].Outputs.Single().Reason);
    }

    /// <summary>The reason of the one step among <paramref name="steps"/> whose GAN is in namespace <paramref name="ns"/>.</summary>
    private static IncrementalStepRunReason Reason(ImmutableArray<IncrementalGeneratorRunStep> steps, string ns)
        => steps.SelectMany(step => step.Outputs).Single(output => Namespace(output.Value) == ns).Reason;

    /// <summary>The namespace of the GAN in a step's value: a GanNetworks (its Gan) or a GanModel, both internal to the generator.</summary>
    private static string Namespace(object value)
    {
        object gan = value.GetType().GetProperty("Gan")?.GetValue(value) ?? value;
        return (string)gan.GetType().GetProperty("Namespace")!.GetValue(gan)!;
    }
}
