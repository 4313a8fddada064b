using Dcgan.Cli;
using Dcgan.Runtime.IO;
using Dcgan.Runtime.Parity;

namespace Dcgan.Parity.Tests;

/// <summary>The compiled fc_conv_mnist step against PyTorch's own steps (FORMAT.md tolerances, PyTorch's self-noise allowed).</summary>
public class FcConvMnistParityTests
{
    public static TheoryData<string> Fixtures => new()
    {
        Paths.SharedFixture("fc_conv_mnist.safetensors"),
        Paths.OwnFixture(Path.Combine("seed7-batch16", "fc_conv_mnist.safetensors")),
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Matches_pytorch_on_every_stored_tensor(string fixture)
    {
        var report = ParityRunner.Run(fixture, ModelCatalog.Find, Path.Combine(Paths.RepositoryRoot, "parity", "noise-floor"));
        var failures = report.Checks.Where(c => !c.Passed).Select(c => $"{c.Tensor}: {c.WorstError:E2} > {c.Tolerance:E2} {c.Detail}");
        Assert.True(report.Passed, string.Join("\n", failures));

        // Every output, gradient and parameter the fixture stores was compared (inputs are fed, not compared).
        var stored = SafeTensorsFile.Read(fixture).Tensors.Keys
            .Where(k => !k.EndsWith("@stats") && !k.EndsWith("/real") && !k.EndsWith("/z_d") && !k.EndsWith("/z_g"));
        Assert.Empty(stored.Except(report.Checks.Select(c => c.Tensor)));
    }

    [Fact]
    public void Most_tensors_meet_the_strict_tolerance_without_any_noise_allowance()
    {
        var report = ParityRunner.Run(Paths.SharedFixture("fc_conv_mnist.safetensors"), ModelCatalog.Find, Path.Combine(Paths.RepositoryRoot, "parity", "noise-floor"));
        // The forward pass, losses and all step-1 gradients except the structurally-zero ones are held strictly.
        foreach (var check in report.Checks.Where(c => c.Tensor.StartsWith("step1/") && !c.Tensor.Contains("/param/") && !c.Detail.Contains("exactly zero")))
            Assert.True(check.Strict, $"{check.Tensor}: {check.WorstError:E2} vs {check.Tolerance:E2}");
        Assert.True(report.StrictPasses >= 0.8 * report.Checks.Count, $"{report.StrictPasses}/{report.Checks.Count}");
    }
}
