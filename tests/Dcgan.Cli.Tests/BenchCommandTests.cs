using System.Text.Json;
using Dcgan.Runtime;

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
