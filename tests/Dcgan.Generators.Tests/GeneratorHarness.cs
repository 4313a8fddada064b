using System.Collections.Immutable;
using Dcgan.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Dcgan.Generators.Tests;

/// <summary>Runs the generator over source text in memory and compiles the result, as a build would.</summary>
internal static class GeneratorHarness
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Preview);

    public static CSharpCompilation Compilation(string source, string assemblyName = "Test.Models", params MetadataReference[] extra) => CSharpCompilation.Create(
        assemblyName,
        [CSharpSyntaxTree.ParseText(source, Parse, path: "Models.cs")],
        References().Concat(extra),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static (ImmutableArray<Diagnostic> Generator, ImmutableArray<Diagnostic> Compile, GeneratorDriverRunResult Run) Run(string source)
    {
        var (generator, compile, run, _) = Build(Compilation(source));
        return (generator, compile, run);
    }

    /// <summary>The generator over <paramref name="compilation"/>, then the C# compiler: diagnostics and the compiled output.</summary>
    public static (ImmutableArray<Diagnostic> Generator, ImmutableArray<Diagnostic> Compile, GeneratorDriverRunResult Run, Compilation Output) Build(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new DcganGenerator().AsSourceGenerator()], parseOptions: Parse);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var compileDiagnostics = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return (generatorDiagnostics, compileDiagnostics, driver.GetRunResult(), output);
    }

    private static IEnumerable<MetadataReference> References()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        foreach (var path in trusted) yield return MetadataReference.CreateFromFile(path);
        yield return MetadataReference.CreateFromFile(typeof(Dcgan.Runtime.DcganException).Assembly.Location);
    }
}
