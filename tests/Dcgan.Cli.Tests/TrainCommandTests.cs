namespace Dcgan.Cli.Tests;

public class TrainCommandTests
{
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
