using System.Text.Json;
using Dcgan.Tests.Shared;

namespace Dcgan.Cli.Tests;

public class TrainCommandTests
{
    [Fact]
    public void Adam_flags_reach_the_run_and_its_config_json_and_resuming_keeps_them()
    {
        var root = Directory.CreateTempSubdirectory("dcgan-adam-").FullName;
        try
        {
            string data = Path.Combine(root, "data"), run = Path.Combine(root, "run");
            RandomMnist.Write(data, 16, seed: 6);

            var (code, _, error) = CliHarness.Run("train", "--model", "fc_conv_mnist", "--dataset", $"idx:{data}", "--batch-size", "8",
                "--epochs", "1", "--max-steps", "1", "--out", run, "--lr", "0.001", "--beta1", "0.9", "--beta2", "0.99");
            Assert.True(code == 0, error);
            using (var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(run, "config.json"))))
                foreach (var net in new[] { "g_adam", "d_adam" })
                {
                    var adam = config.RootElement.GetProperty(net);
                    Assert.Equal(0.001f, adam.GetProperty("lr").GetSingle());
                    Assert.Equal(0.9f, adam.GetProperty("beta1").GetSingle());
                    Assert.Equal(0.99f, adam.GetProperty("beta2").GetSingle());
                }

            var target = ResumeTarget.Find(run);
            Assert.Equal(0.001f, target.Config.GeneratorAdam?.LearningRate);
            Assert.Equal(0.9f, target.Config.DiscriminatorAdam?.Beta1);
            var refused = CliHarness.Run("train", "--resume", run, "--lr", "0.01");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("--lr", refused.Error);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void An_unknown_dataset_is_refused_with_the_list_of_those_accepted()
    {
        var (code, output, error) = CliHarness.Run("train", "--dataset", "cifar10");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("mnist, fashion-mnist, idx:DIR", error);
    }

    [Fact]
    public void An_idx_directory_that_does_not_exist_is_refused()
    {
        var (code, _, error) = CliHarness.Run("train", "--dataset", "idx:/no/such/directory");
        Assert.Equal(2, code);
        Assert.Contains("no such directory", error);
    }

    [Fact]
    public void Resuming_something_that_is_not_a_run_is_refused()
    {
        var (code, _, error) = CliHarness.Run("train", "--resume", "/no/such/run");
        Assert.Equal(2, code);
        Assert.Contains("no such run directory or checkpoint", error);
    }
}
