using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Dcgan.Runtime;
using Microsoft.CodeAnalysis;

namespace Dcgan.Generators.Tests;

/// <summary>
/// Each assembly that declares GANs lists them in an internal class of its own and registers them with GanRegistry when
/// it loads: a library of models and an application that references it and declares more both compile, and both
/// sets are found, each under its assembly's name.
/// </summary>
public class ModelRegistrationTests
{
    private const string Library = Sources.Header + """
        [Generator(16)]
        public partial class LibG
        {
            [Linear(4 * 7 * 7), Relu] partial Block Project { get; }
            [Reshape(4, 7, 7)] partial Block Unflatten { get; }
            [ConvTranspose2d(1, 4, Stride = 4, Bias = false), Tanh] partial Block Up28 { get; }
        }
        [Discriminator(1, 28, 28)]
        public partial class LibD
        {
            [Conv2d(4, 4, Stride = 4), LeakyRelu(0.2f)] partial Block Down7 { get; }
            [Flatten] partial Block Flat { get; }
            [Linear(1)] partial Block Score { get; }
        }
        [Gan(typeof(LibG), typeof(LibD), Name = "library_gan")]
        public partial class LibraryGan;
        """;

    // The application's assembly name is not a C# namespace ("my-app.2d"); it references the library and declares a GAN of its own.
    private static readonly string Application = Library.Replace("namespace Test.Models;", "namespace App;")
        .Replace("LibG", "AppG").Replace("LibD", "AppD").Replace("library_gan", "app_gan").Replace("LibraryGan", "AppGan");

    [Fact]
    public void A_library_and_an_application_that_both_declare_gans_register_both()
    {
        var library = Compile(GeneratorHarness.Compilation(Library, "Registration.Library"));
        var application = Compile(GeneratorHarness.Compilation(Application, "my-app.2d", MetadataReference.CreateFromImage(library)));

        var context = new AssemblyLoadContext("registration", isCollectible: false);
        var loadedLibrary = context.LoadFromStream(new MemoryStream(library));
        var loadedApplication = context.LoadFromStream(new MemoryStream(application));
        foreach (var assembly in new[] { loadedLibrary, loadedApplication })
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

        var registered = GanRegistry.All;
        Assert.Contains(registered, g => g.Name == "library_gan" && g.Assembly == "Registration.Library");
        Assert.Contains(registered, g => g.Name == "app_gan" && g.Assembly == "my-app.2d");
        Assert.Equal("my_app._2d", loadedApplication.GetType("my_app._2d.DeclaredGans", throwOnError: true)!.Namespace);
        Assert.False(loadedLibrary.GetType("Registration.Library.DeclaredGans", throwOnError: true)!.IsPublic,
            "the generated list is internal, so two assemblies' lists never collide");
    }

    private static byte[] Compile(Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation)
    {
        var (generator, compile, _, output) = GeneratorHarness.Build(compilation);
        Assert.True(generator.IsEmpty, string.Join("\n", generator));
        Assert.True(compile.IsEmpty, string.Join("\n", compile));
        using var image = new MemoryStream();
        var result = output.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return image.ToArray();
    }
}
