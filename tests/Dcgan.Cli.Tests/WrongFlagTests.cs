namespace Dcgan.Cli.Tests;

/// <summary>
/// A flag no run can use is refused before any work: exit code 2, one line on stderr naming the flag, nothing
/// on stdout, no stack trace, and no run directory left behind.
/// </summary>
public sealed class WrongFlagTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dcgan-flags-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void AssertRefused((int ExitCode, string Out, string Error) result, string mentioned)
    {
        var (code, output, error) = result;
        Assert.True(code == 2, $"exit code {code}, stderr: {error}");
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(mentioned, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("--batch-size", "0")]
    [InlineData("--batch-size", "-5")]
    [InlineData("--batch-size", "1000000")]
    [InlineData("--batch-size", "99999999999")]
    [InlineData("--epochs", "0")]
    [InlineData("--epochs", "-1")]
    [InlineData("--epochs", "1000000")]
    [InlineData("--epochs", "many")]
    [InlineData("--max-steps", "-1")]
    [InlineData("--lr", "0")]
    [InlineData("--lr", "-0.0002")]
    [InlineData("--lr", "5")]
    [InlineData("--lr", "NaN")]
    [InlineData("--lr", "Infinity")]
    [InlineData("--beta1", "1")]
    [InlineData("--beta1", "-0.5")]
    [InlineData("--beta2", "1.5")]
    [InlineData("--beta2", "NaN")]
    [InlineData("--threads", "0")]
    [InlineData("--threads", "5000")]
    [InlineData("--log-every", "0")]
    [InlineData("--checkpoint-every", "-1")]
    [InlineData("--keep-checkpoints", "0")]
    [InlineData("--dropout", "1")]
    [InlineData("--label-smoothing", "2")]
    [InlineData("--label-smoothing", "1")]
    [InlineData("--input-noise", "-1")]
    [InlineData("--input-noise", "Infinity")]
    [InlineData("--device", "tpu")]
    [InlineData("--device", "cuda")]
    [InlineData("--gpu-mode", "fast")]
    [InlineData("--gpu-mode", "Speed")]
    public void Train_refuses_a_wrong_number_or_device(string flag, string value)
    {
        string run = Path.Combine(_root, "run");
        AssertRefused(CliHarness.Run("train", "--model", "ganlab", "--out", run, flag, value), flag);
        Assert.False(Directory.Exists(run));
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--steps", "-3")]
    [InlineData("--warmup", "-1")]
    [InlineData("--threads", "0")]
    [InlineData("--batch-size", "0")]
    [InlineData("--batch-size", "70000")]
    [InlineData("--device", "gpu")]
    [InlineData("--gpu-mode", "tf32")]
    public void Bench_refuses_a_wrong_number_or_device(string flag, string value)
        => AssertRefused(CliHarness.Run("bench", "--model", "fc_conv_mnist", flag, value), flag);

    [Theory]
    [InlineData("generate", "--count", "0")]
    [InlineData("generate", "--count", "-1")]
    [InlineData("generate", "--count", "2000000")]
    [InlineData("generate", "--format", "gif")]
    [InlineData("interpolate", "--size", "1")]
    [InlineData("interpolate", "--size", "100")]
    public void Generate_and_interpolate_refuse_a_wrong_number_before_reading_the_checkpoint(string command, string flag, string value)
    {
        string png = Path.Combine(_root, "out.png");
        AssertRefused(CliHarness.Run(command, Path.Combine(_root, "no-such.safetensors"), "--out", png, flag, value), flag);
        Assert.False(File.Exists(png));
    }

    [Fact]
    public void Parity_refuses_cuda() => AssertRefused(CliHarness.Run("parity", Path.Combine(_root, "x.safetensors"), "--device", "cuda"), "--device cuda");
}
