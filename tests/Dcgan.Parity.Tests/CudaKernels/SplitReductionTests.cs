using Dcgan.Runtime;
using static Dcgan.Parity.Tests.CudaKernels.TestParameters;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// The split reductions (bias gradients, losses: a partial pass into scratch, then a combining launch) with chunks small
/// enough that a batch of 3 already splits into several uneven parts, through test-only entry points written as the
/// generator writes them: they compute what the CPU kernels compute, and give the same bits whatever the grid and however
/// often they run (the parts depend on n and the compiled constants only, and are added in a fixed tree).
/// </summary>
public class SplitReductionTests
{
    private const string BiasCombine = "test_bias_gradient_combine_5x7";
    private const string LossMeanTwo = "test_loss_mean_2_parts", LossMeanThree = "test_loss_mean_3_parts", CorrectTotal = "test_correct_total";

    // n = 3: 21 elements per channel in chunks of 4, at most 3 parts (7 each); 3 samples in chunks of 1, at most 2 or 3 parts.
    private static readonly (CudaKernelSpec Spec, string Body)[] Entries =
    [
        (new CudaKernelSpec("test_bias_gradient_partials_5x7", CudaKernelKind.BiasGradient, [In("dy"), Out("partials"), N], CudaLaunch.SplitReduction, 35, 0)
                { Channels = 5, Spatial = 7, SplitChunk = 4, MaxSplitParts = 3, CombinedBy = BiasCombine },
            "bias_gradient_partials(dy, (double*)partials, n, 5, 7, 4, 3);"),
        (new CudaKernelSpec(BiasCombine, CudaKernelKind.BiasGradientCombine, [In("partials"), Out("dbias"), N], CudaLaunch.PerChannel, 0, 0)
                { Channels = 5, Spatial = 7, SplitChunk = 4, MaxSplitParts = 3 },
            "bias_gradient_combine((const double*)partials, dbias, n, 5, 7, 4, 3);"),
        (new CudaKernelSpec("test_bce_with_logits_partials", CudaKernelKind.BceWithLogits, [In("logits"), Float("target"), Out("dlogits"), Out("partials"), N], CudaLaunch.SplitReduction, 1, 0)
                { Channels = 1, Spatial = 1, SplitChunk = 1, MaxSplitParts = 2, GradientScale = 0.5f, CombinedBy = LossMeanTwo },
            "bce_with_logits_partials(logits, n, target, dlogits, (double*)partials, 0.5f, 1, 2);"),
        (new CudaKernelSpec("test_bce_on_probabilities_partials", CudaKernelKind.BceOnProbabilities, [In("probabilities"), Float("target"), Out("dlogits"), Out("partials"), N], CudaLaunch.SplitReduction, 1, 0)
                { Channels = 1, Spatial = 1, SplitChunk = 1, MaxSplitParts = 3, GradientScale = 1f, CombinedBy = LossMeanThree },
            "bce_on_probabilities_partials(probabilities, n, target, dlogits, (double*)partials, 1.0f, 1, 3);"),
        (new CudaKernelSpec(LossMeanTwo, CudaKernelKind.LossMean, [In("partials"), Out("loss"), N], CudaLaunch.SingleBlock, 0, 0)
                { Channels = 1, Spatial = 1, SplitChunk = 1, MaxSplitParts = 2 },
            "loss_mean((const double*)partials, n, 1, 2, loss);"),
        (new CudaKernelSpec(LossMeanThree, CudaKernelKind.LossMean, [In("partials"), Out("loss"), N], CudaLaunch.SingleBlock, 0, 0)
                { Channels = 1, Spatial = 1, SplitChunk = 1, MaxSplitParts = 3 },
            "loss_mean((const double*)partials, n, 1, 3, loss);"),
        (new CudaKernelSpec("test_softmax_cross_entropy_partials", CudaKernelKind.SoftmaxCrossEntropy, [In("logits"), In("labels"), Out("dlogits"), Out("partials"), N], CudaLaunch.SplitReduction, 10, 0)
                { Channels = 1, Spatial = 1, SplitChunk = 1, MaxSplitParts = 3, Classes = 10, CombinedBy = LossMeanThree },
            "softmax_cross_entropy_partials(logits, labels, n, 10, dlogits, (double*)partials, 1, 3);"),
        (new CudaKernelSpec("test_count_correct_partials", CudaKernelKind.CountCorrect, [In("logits"), In("labels"), Out("partials"), N], CudaLaunch.SplitReduction, 10, 0)
                { Channels = 1, Spatial = 1, SplitChunk = 1, MaxSplitParts = 2, Classes = 10, CombinedBy = CorrectTotal },
            "count_correct_partials(logits, labels, n, 10, (double*)partials, 1, 2);"),
        (new CudaKernelSpec(CorrectTotal, CudaKernelKind.CorrectTotal, [In("partials"), new("correct", KernelParameterType.IntPointer), N], CudaLaunch.SingleBlock, 0, 0)
                { Channels = 1, Spatial = 1, SplitChunk = 1, MaxSplitParts = 2 },
            "correct_total((const double*)partials, n, 1, 2, correct);"),
    ];

    private static IEnumerable<CudaKernelSpec> PartialPasses => Entries.Select(e => e.Spec).Where(s => s.Launch == CudaLaunch.SplitReduction);
    private static IReadOnlyList<CudaKernelSpec> Table => Entries.Select(e => e.Spec).ToList();
    private static ZooModel Model => ZooModel.Named("fc_conv_mnist");

    private static ShimLibrary Library() => ShimLibrary.Build(Model.CudaSource + string.Concat(Entries.Select(e =>
        $"\nextern \"C\" __global__ void {e.Spec.Name}({e.Spec.ParameterList})\n{{\n    {e.Body}\n}}\n")), Table);

    [GxxFact]
    public void Reductions_split_into_several_parts_compute_what_the_cpu_computes()
    {
        var library = Library();
        var results = new List<TensorComparison>();
        foreach (var spec in PartialPasses)
        {
            Assert.True(spec.SplitParts(KernelCases.Batch) > 1, $"{spec.Name}: {spec.SplitParts(KernelCases.Batch)} part");
            using var kernelCase = KernelCases.Create(spec, Model, table: Table);
            foreach (var (grid, block) in GeneratedKernelTests.Geometries(spec.Launch))
                results.AddRange(kernelCase.Run(library, grid, block));
        }
        Assert.Equal(PartialPasses.Select(s => s.Name).Order(), results.Select(r => r.Kernel).Distinct().Order());
        Assert.Empty(results.Where(r => !r.Passed).Select(r => r.ToString()));
    }

    /// <summary>The zoo's bias gradient with the most positions per channel (at a batch that splits it in three) and the test entries.</summary>
    public static TheoryData<string, string> SplitKernels()
    {
        var data = new TheoryData<string, string>();
        var widest = ZooModel.All.SelectMany(m => m.Kernels.Where(k => k.Kind == CudaKernelKind.BiasGradient).Select(k => (Model: m, Kernel: k)))
            .MaxBy(x => x.Kernel.Spatial);
        data.Add(widest.Model.Name, widest.Kernel.Name);
        foreach (var spec in PartialPasses) data.Add("", spec.Name);
        return data;
    }

    /// <summary>The batch that splits <paramref name="spec"/> into three parts (or its most), 3 for the test entries.</summary>
    private static int SplittingBatch(CudaKernelSpec spec) =>
        (int)Math.Max(KernelCases.Batch, (Math.Min(3, spec.MaxSplitParts) - 1) * spec.SplitChunk / spec.Spatial + 1);

    [GxxTheory]
    [MemberData(nameof(SplitKernels))]
    public void A_split_reduction_gives_the_same_bits_on_every_grid_and_every_run(string model, string kernel)
    {
        var zoo = model.Length > 0 ? ZooModel.Named(model) : Model;
        var table = model.Length > 0 ? zoo.Kernels : Table;
        var library = model.Length > 0 ? ShimLibrary.Build(zoo.CudaSource, zoo.Kernels) : Library();
        var spec = table.Single(k => k.Name == kernel);
        int batch = SplittingBatch(spec);
        Assert.True(spec.SplitParts(batch) > 1, $"{kernel}: {spec.SplitParts(batch)} part at n = {batch}");
        using var kernelCase = KernelCases.Create(spec, zoo, batch, table);
        // The comparison with the CPU holds at this batch too.
        var compared = kernelCase.Run(library, 3, 32);
        Assert.All(compared, r => Assert.True(r.Passed, r.ToString()));
        string output = table.Single(k => k.Name == spec.CombinedBy).Parameters[1].Name;
        uint[]? first = null;
        // One block striding over every part, a few, one per part and more: twice each.
        foreach (int grid in new[] { 1, 3, spec.Channels * spec.SplitParts(batch), 64, 1, 3 })
        {
            kernelCase.Run(library, grid, 32);
            var bits = ((Twin)kernelCase.Arguments[output]).GpuWords.ToArray();
            first ??= bits;
            Assert.True(first.SequenceEqual(bits), $"{kernel} {output}: grid {grid} gave other bits than grid 1");
        }
    }
}
