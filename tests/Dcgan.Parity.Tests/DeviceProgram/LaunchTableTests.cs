using Dcgan.Models;
using Dcgan.Runtime;
using Xunit.Abstractions;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// How each zoo GAN's fed step spreads over a GPU, from its kernel table and device programs at its default batch: the
/// kernel launches per step, and the smallest grid of any launch on more than 64K elements, as the executor launches it
/// on an H100 (132 SMs, grid-stride grids capped at 8 blocks per SM). "Before" is the same program with each split
/// reduction's pair of launches taken back to the one launch it replaced: one block per channel, or one block for a loss.
/// </summary>
public class LaunchTableTests(ITestOutputHelper output)
{
    private const int Multiprocessors = 132, GridCap = Multiprocessors * 8;
    private const long Large = 64 * 1024;

    [Fact]
    public void Split_reductions_widen_every_large_launch_they_touch_and_add_one_launch_each()
    {
        output.WriteLine("| model | batch | launches per step, before -> after | smallest grid on > 64K elements, before -> after (kernel after) |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var definition in GanZoo.Models.Select(m => m.Definition))
        {
            int batch = definition.DefaultBatch;
            var table = definition.CudaKernels.ToDictionary(k => k.Name);
            var launched = definition.DeviceFeed.Concat(definition.DeviceProgram).Where(op => op.Kind == DeviceOpKind.Launch).Select(op => table[op.Kernel]).ToList();
            var combines = table.Values.Select(k => k.CombinedBy).Where(name => name.Length > 0).ToHashSet();
            var before = launched.Where(k => !combines.Contains(k.Name)).ToList();
            var large = launched.Where(k => k.Elements(batch) > Large).ToList();
            var smallestAfter = large.MinBy(k => GridAfter(k, batch))!;
            int smallestBefore = large.Min(k => GridBefore(k, batch));
            output.WriteLine($"| {definition.Name} | {batch} | {before.Count} -> {launched.Count} | {smallestBefore} -> {GridAfter(smallestAfter, batch)} ({smallestAfter.Name}) |");

            Assert.Equal(launched.Count(k => k.Launch == CudaLaunch.SplitReduction), launched.Count(k => combines.Contains(k.Name)));
            Assert.All(large, k => Assert.True(GridAfter(k, batch) >= GridBefore(k, batch), $"{definition.Name} {k.Name}: grid {GridAfter(k, batch)} < {GridBefore(k, batch)}"));
        }
    }

    private static int GridAfter(CudaKernelSpec kernel, int batch)
    {
        int grid = kernel.LaunchShape(batch).Grid;
        return kernel.Launch is CudaLaunch.Elementwise or CudaLaunch.PhiloxBlocks or CudaLaunch.PerChannel ? Math.Min(grid, GridCap) : grid;
    }

    private static int GridBefore(CudaKernelSpec kernel, int batch) => kernel.Launch != CudaLaunch.SplitReduction
        ? GridAfter(kernel, batch)
        : kernel.Kind == CudaKernelKind.BiasGradient ? Math.Min(kernel.Channels, GridCap) : 1;
}
