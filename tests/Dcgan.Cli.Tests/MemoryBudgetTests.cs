using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;

namespace Dcgan.Cli.Tests;

/// <summary>A batch too big for the machine is refused before anything is allocated, with the batch that would fit.</summary>
public sealed class MemoryBudgetTests
{
    [Fact]
    public void Needs_are_the_arena_per_image_plus_four_copies_of_the_parameters_and_the_statistics()
    {
        var d = ModelCatalog.Require("dcgan64").Definition;
        long parameters = 16L * (d.GeneratorParameterFloats + d.DiscriminatorParameterFloats);
        long statistics = 4L * (d.GeneratorStatisticFloats + d.DiscriminatorStatisticFloats);
        Assert.Equal(d.ArenaBytes(128) + parameters + statistics, MemoryBudget.BytesNeeded(d, 128));
    }

    [Fact]
    public void The_largest_batch_that_fits_fits_and_one_more_does_not()
    {
        var d = ModelCatalog.Require("dcgan64").Definition;
        const long available = 8L << 30;
        int fits = MemoryBudget.LargestBatch(d, available);
        Assert.Null(MemoryBudget.Problem(d, fits, available));
        string problem = MemoryBudget.Problem(d, fits + 1, available)!;
        Assert.Contains($"a batch of {fits} or less fits", problem);
        Assert.Contains("8.0 GiB is available", problem);
        Assert.Contains("KiB of activations per image", problem);
    }

    [SkippableFact]
    public void Train_refuses_a_batch_beyond_this_machine_in_one_line_with_exit_2()
    {
        var d = ModelCatalog.Require("ganlab").Definition;
        long available = MemoryBudget.AvailableBytes();
        int fits = MemoryBudget.LargestBatch(d, available);
        Skip.If(fits >= 65536, $"this machine's {available >> 30} GiB take ganlab at every batch size the flag allows: nothing to refuse");
        var (code, _, error) = CliHarness.Run("train", "--model", "ganlab", "--batch-size", "65536", "--dataset", "idx:/nonexistent");
        Assert.Equal(2, code);
        Assert.Contains($"a batch of {fits} or less fits", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void On_the_gpu_the_dataset_comes_off_the_free_memory_and_the_verdict_names_the_batch_that_fits()
    {
        var d = ModelCatalog.Require("ganlab").Definition;
        const long dataset = 60_000L * 784, free = 2L << 30;
        int fits = MemoryBudget.LargestBatch(d, free - dataset);
        Assert.True(fits is > 1 and < 65536, $"ganlab fits {fits} images in 2 GiB: pick another size for this test");

        var ok = GpuModelCheck.MemoryVerdict(d, fits, dataset, free, " on GPU 0");
        Assert.Null(ok.Problem);
        Assert.Contains($"a batch of up to {fits:N0} fits", ok.Name);
        Assert.Contains("2.0 GiB free on GPU 0", ok.Name);

        var tooBig = GpuModelCheck.MemoryVerdict(d, fits + 1, dataset, free, " on GPU 0");
        Assert.Contains($"ganlab at batch {fits + 1} needs", tooBig.Problem);
        Assert.Contains($"available on GPU 0 once the dataset's 45 MiB is there; a batch of {fits} or less fits", tooBig.Problem);

        var noRoom = GpuModelCheck.MemoryVerdict(d, 1, dataset, dataset + 1024, " on GPU 0");
        Assert.EndsWith("not even one image fits", noRoom.Problem);
    }
}
