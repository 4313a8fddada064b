using System.Text.Json;
using Dcgan.Runtime;
using Dcgan.Tests.Shared;

namespace Dcgan.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void Json_reports_the_step_time_and_the_flops_the_generator_counted()
    {
        var (code, output, error) = CliHarness.Run("bench", "--model", "fc_conv_mnist", "--batch-size", "8", "--steps", "2", "--warmup", "1", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("fc_conv_mnist", root.GetProperty("model").GetString());
        Assert.Equal(8, root.GetProperty("batch").GetInt32());
        Assert.Equal(2, root.GetProperty("steps").GetInt32());
        Assert.True(root.GetProperty("ms_per_step").GetDouble() > 0);
        long flops = ModelCatalog.Require("fc_conv_mnist").Definition.FlopsPerSample * 8;
        Assert.Equal(flops / 1e9, root.GetProperty("gflop_per_step").GetDouble(), 9);
        double peak = root.GetProperty("peak_gflops").GetDouble();
        Assert.True(peak > 0 && root.GetProperty("peak_share").GetDouble() > 0);
        Assert.Equal(root.GetProperty("gflops").GetDouble() / peak, root.GetProperty("peak_share").GetDouble(), 9);
    }

    [Fact]
    public void Epoch_times_every_step_of_a_pass_over_the_dataset_or_only_the_first_steps_asked_for()
    {
        string data = Directory.CreateTempSubdirectory("dcgan-bench-epoch-").FullName;
        try
        {
            RandomMnist.Write(data, 100, seed: 3);

            foreach (var (extra, expectedSteps) in new[] { (Array.Empty<string>(), 6), (["--steps", "2"], 2) })
            {
                var (code, output, error) = CliHarness.Run(["bench", "--epoch", "--model", "fc_conv_mnist", "--dataset", $"idx:{data}", "--batch-size", "16", "--warmup", "1", "--json", .. extra]);
                Assert.True(code == 0, error);
                using var json = JsonDocument.Parse(output);
                var root = json.RootElement;
                Assert.Equal(6, root.GetProperty("steps_per_epoch").GetInt32()); // 100 images at 16: 6 whole batches
                Assert.Equal(expectedSteps, root.GetProperty("steps").GetInt32());
                double seconds = root.GetProperty("epoch_s").GetDouble();
                Assert.True(seconds > 0);
                Assert.Equal(expectedSteps * 16 / seconds, root.GetProperty("images_per_s").GetDouble(), 6);
            }
            var (tooBig, _, refusal) = CliHarness.Run("bench", "--epoch", "--model", "fc_conv_mnist", "--dataset", $"idx:{data}", "--batch-size", "128");
            Assert.Equal(2, tooBig);
            Assert.Contains("larger than the dataset", refusal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("--steps", "0", "--steps")]
    [InlineData("--batch-size", "-3", "--batch-size")]
    [InlineData("--model", "dcgan128", "unknown model")]
    [InlineData("--device", "tpu", "unknown device")]
    public void A_wrong_flag_is_one_line_and_exit_code_2(string flag, string value, string mentioned)
    {
        var (code, output, error) = CliHarness.Run("bench", flag, value);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(mentioned, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
