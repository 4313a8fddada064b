using Microsoft.CodeAnalysis;

namespace Dcgan.Generators.Tests;

/// <summary>Shape and argument errors are build errors on the attribute at fault, with the shapes in the message.</summary>
public class DiagnosticTests
{
    private static Diagnostic Single(string source, string id)
    {
        var (generator, _, _) = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(generator, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        return diagnostic;
    }

    private static string LineOf(Diagnostic d, string source)
        => source.Split('\n')[d.Location.GetLineSpan().StartLinePosition.Line];

    [Fact]
    public void The_002_model_as_written_fails_to_build_naming_both_shapes()
    {
        var d = Single(Sources.Conv4x4AsWritten, "DCGAN002");
        string message = d.GetMessage();
        Assert.Contains("[1, 16, 16]", message);
        Assert.Contains("[1, 28, 28]", message);
        Assert.Contains("Gan(typeof(G)", LineOf(d, Sources.Conv4x4AsWritten));
        Assert.Equal("typeof(G)", Sources.Conv4x4AsWritten.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
    }

    [Fact]
    public void A_linear_layer_after_a_convolution_asks_for_flatten_at_that_layer()
    {
        string source = Sources.FcConvMnist.Replace("[Flatten] partial Block Flat { get; }", "");
        var d = Single(source, "DCGAN001");
        Assert.Contains("[16, 7, 7]", d.GetMessage());
        Assert.Contains("Flatten", d.GetMessage());
        Assert.Contains("[Linear(784), BatchNorm", LineOf(d, source));
    }

    [Fact]
    public void A_discriminator_that_does_not_end_in_one_value_is_an_error()
    {
        string source = Sources.FcConvMnist.Replace("[Linear(1)] partial Block Score { get; }", "");
        Assert.Contains("[784]", Single(source, "DCGAN003").GetMessage());
    }

    [Fact]
    public void Bce_on_probabilities_needs_a_final_sigmoid()
    {
        string source = Sources.FcConvMnist.Replace("Recipe = GanRecipe.FreshFakeEvalG", "Recipe = GanRecipe.FreshFakeEvalG, Loss = GanLoss.Bce");
        Assert.Contains("Sigmoid", Single(source, "DCGAN004").GetMessage());
    }

    [Fact]
    public void Output_padding_not_below_the_stride_is_refused_at_its_attribute()
    {
        string source = Sources.FcConvMnist.Replace("Padding = 2, OutputPadding = 1, Bias = false), Sigmoid", "Padding = 2, OutputPadding = 2, Bias = false), Sigmoid");
        var d = Single(source, "DCGAN005");
        Assert.Contains("OutputPadding must be smaller than Stride", d.GetMessage());
        Assert.Contains("Up28", LineOf(d, source));
    }

    [Fact]
    public void Two_dropout_rates_in_one_network_are_refused_at_the_second()
    {
        string source = Sources.FcConvMnist
            .Replace("[Conv2d(32, 5, Stride = 2, Padding = 2, Bias = false), LeakyRelu(0.01f)]", "[Conv2d(32, 5, Stride = 2, Padding = 2, Bias = false), LeakyRelu(0.01f), Dropout(0.5)]")
            .Replace("[Linear(784), BatchNorm, LeakyRelu(0.01f)] partial Block Hidden", "[Linear(784), BatchNorm, LeakyRelu(0.01f), Dropout(0.3)] partial Block Hidden");
        var d = Single(source, "DCGAN005");
        Assert.Contains("shares one rate", d.GetMessage());
        Assert.Contains("Dropout(0.3)", LineOf(d, source));
    }

    [Fact]
    public void An_upsample_scale_other_than_two_is_refused()
    {
        string source = Sources.FcConvMnist.Replace("[Reshape(16, 7, 7)]", "[Reshape(16, 7, 7), Upsample(UpsampleMode.Bilinear, Scale = 3)]");
        var d = Single(source, "DCGAN005");
        Assert.Contains("Scale 3 is not supported", d.GetMessage());
    }

    [Fact]
    public void A_reshape_to_the_wrong_size_names_both_sizes()
    {
        string source = Sources.FcConvMnist.Replace("[Reshape(16, 7, 7)]", "[Reshape(16, 7, 8)]");
        var d = Single(source, "DCGAN001");
        Assert.Contains("784", d.GetMessage());
        Assert.Contains("896", d.GetMessage());
    }

    [Fact]
    public void A_layer_attribute_dcgan_does_not_know_is_an_error_not_a_flatten()
    {
        string source = Sources.FcConvMnist.Replace("[Linear(1)] partial Block Score { get; }", "[Linear(1), Swish] partial Block Score { get; }")
            + "\npublic sealed class SwishAttribute : Dcgan.LayerAttribute;\n";
        var (generator, _, run) = GeneratorHarness.Run(source);
        var d = Assert.Single(generator, x => x.Id == "DCGAN009");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("SwishAttribute on Score", d.GetMessage());
        Assert.Contains("Linear, Conv2d, ConvTranspose2d", d.GetMessage());
        Assert.Contains("Swish]", LineOf(d, source));
        Assert.DoesNotContain(run.Results.SelectMany(r => r.GeneratedSources), g => g.HintName.Contains("Step"));
    }

    [Theory]
    [InlineData("Recipe = GanRecipe.FreshFakeEvalG,", "Recipe = GanRecipe.FreshFakeEvalG, LabelSmoothing = 1.0,", "LabelSmoothing must be in [0, 1), got 1")]
    [InlineData("Recipe = GanRecipe.FreshFakeEvalG,", "Recipe = GanRecipe.FreshFakeEvalG, Batch = 70000,", "Batch must be between 1 and 65536, got 70000")]
    [InlineData("Recipe = GanRecipe.FreshFakeEvalG,", "Recipe = GanRecipe.FreshFakeEvalG, Batch = 0,", "Batch must be between 1 and 65536, got 0")]
    [InlineData("Adam(Net.Generator, 1e-3)", "Adam(Net.Generator, 1.5)", "the learning rate must be in (0, 1], got 1.5")]
    [InlineData("Adam(Net.Generator, 1e-3)", "Adam(Net.Generator, 0)", "the learning rate must be in (0, 1], got 0")]
    [InlineData("Adam(Net.Generator, 1e-3)", "Adam(Net.Generator, 1e-3, Beta1 = 1)", "Beta1 must be in [0, 1), got 1")]
    [InlineData("Adam(Net.Generator, 1e-3)", "Adam(Net.Generator, 1e-3, Eps = 0)", "Eps must be a finite number > 0, got 0")]
    [InlineData("BatchNorm, LeakyRelu(0.01f)] partial Block Up14", "BatchNorm(Momentum = 2), LeakyRelu(0.01f)] partial Block Up14", "Momentum must be in [0, 1]")]
    [InlineData("Bias = false), LeakyRelu(0.01f)] partial Block Down14", "Bias = false), LeakyRelu(-0.2f)] partial Block Down14", "the negative slope must be a finite number >= 0")]
    public void A_declared_hyperparameter_is_held_to_the_range_the_cli_holds_its_flag_to(string find, string replace, string message)
    {
        Assert.Contains(find, Sources.FcConvMnist);
        Assert.Contains(message, Single(Sources.FcConvMnist.Replace(find, replace), "DCGAN005").GetMessage());
    }
}
