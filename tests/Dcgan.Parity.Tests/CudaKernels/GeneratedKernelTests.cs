using System.Text.RegularExpressions;
using Dcgan.Runtime;
using Xunit.Abstractions;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// The CUDA kernels the generator emits for every zoo model compute what the compiled C# step computes on the CPU.
/// Without a GPU, each model's CUDA source is compiled as C++ against cuda_shim.h (CUDA's keywords and thread
/// indices over real threads, a barrier for __syncthreads) and every kernel of its table is launched with more
/// than one block of more than one thread, on random inputs, beside the CPU kernel the step calls for the same
/// statement: bit-identical where both sides do the same float operations, within a stated tolerance of a few ulp
/// where transcendental functions or the order of a reduction differ.
/// </summary>
public class GeneratedKernelTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models() => new(ZooModel.All.Select(m => m.Name));

    [Theory]
    [MemberData(nameof(Models))]
    public void The_table_lists_every_entry_point_of_the_source_with_its_parameters(string name)
    {
        var model = ZooModel.Named(name);
        var entries = Regex.Matches(model.CudaSource, @"extern ""C"" __global__ void (\w+)\(([^)]*)\)")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(entries.Keys.Order(), model.Kernels.Select(k => k.Name).Order());
        foreach (var kernel in model.Kernels)
        {
            Assert.Equal(entries[kernel.Name], kernel.ParameterList);
            // The batch is the one size a launch passes: exactly the kernels that walk per-sample data take it, last, and a
            // split reduction's combining kernel, which recomputes the split from it.
            bool combines = model.Kernels.Any(k => k.CombinedBy == kernel.Name);
            Assert.Equal(kernel.ElementsPerSample > 0 || combines, kernel.Parameters.LastOrDefault() == new KernelParameter("n", KernelParameterType.Int));
            if (kernel.Launch == CudaLaunch.SplitReduction) Assert.Contains(model.Kernels, k => k.Name == kernel.CombinedBy);
            var (grid, block) = kernel.LaunchShape(128);
            Assert.InRange(grid, 1, CudaKernelSpec.MaxBlocks);
            Assert.True(block == CudaKernelSpec.ThreadsPerBlock || (kernel.Launch == CudaLaunch.SingleThread && block == 1), $"{kernel.Name}: block {block}");
        }
        // NVRTC has no host headers; the prelude spells out what it needs.
        Assert.DoesNotContain("#include", model.CudaSource);
        // One Adam over each network's whole buffer, and (GANs) the data and latent kernels.
        Assert.Equal(model.Adam.Keys.Order(), model.Kernels.Where(k => k.Kind == CudaKernelKind.Adam).Select(k => k.Net).Order());
        if (model.Adam.ContainsKey(Net.Generator))
        {
            Assert.Single(model.Kernels, k => k.Kind == CudaKernelKind.GatherBatch);
            Assert.Single(model.Kernels, k => k.Kind == (model.Latent == LatentDistribution.Normal ? CudaKernelKind.LatentNormal : CudaKernelKind.LatentUniform));
        }
    }

    [GxxTheory]
    [MemberData(nameof(Models))]
    public void Every_kernel_computes_what_the_cpu_step_computes(string name)
    {
        var model = ZooModel.Named(name);
        var library = ShimLibrary.Build(model.CudaSource, model.Kernels);
        var results = new List<TensorComparison>();
        // A split reduction's combining kernel runs in its partial pass's case.
        var combines = model.Kernels.Select(k => k.CombinedBy).Where(name => name.Length > 0).ToHashSet();
        foreach (var spec in model.Kernels.Where(k => !combines.Contains(k.Name)))
            foreach (var variant in Variants(model, spec))
                foreach (int batch in Batches(spec))
                {
                    using var kernelCase = KernelCases.Create(spec, variant, batch);
                    foreach (var (grid, block) in Geometries(spec.Launch))
                        results.AddRange(kernelCase.Run(library, grid, block));
                }

        output.WriteLine($"{model.Name}: {model.Kernels.Count} kernels, {results.Count} comparisons, {results.Count(r => r.WorstUlps == 0)} bit-identical");
        foreach (var kind in results.GroupBy(r => (model.Kernels.Single(k => k.Name == r.Kernel).Kind, r.Tensor)))
            output.WriteLine($"  {kind.Key.Kind} {kind.Key.Tensor}: {kind.Select(r => r.Kernel).Distinct().Count()} kernels, " +
                $"worst |d| {kind.Max(r => r.WorstAbsolute):E2}, worst {kind.Max(r => r.WorstUlps)} ulp, " +
                $"{(kind.First().Tolerance.IsExact ? "bit-identical required" : $"{kind.Max(r => r.AllowanceUsed):P0} of the allowance used ({kind.First().Tolerance.Why})")}");
        Assert.Equal(model.Kernels.Select(k => k.Name).Where(k => !combines.Contains(k)).Order(), results.Select(r => r.Kernel).Distinct().Order());
        Assert.Empty(results.Where(r => !r.Passed).Select(r => r.ToString()));
    }

    /// <summary>The model as declared, and where a kernel has a second path on the CPU (a zero rate or sigma), that too.</summary>
    private static IEnumerable<ZooModel> Variants(ZooModel model, CudaKernelSpec spec)
    {
        yield return model;
        if (spec.Kind == CudaKernelKind.Dropout) yield return model with { DropoutRate = 0f };
        if (spec.Kind == CudaKernelKind.GaussianNoise) yield return model with { InputNoise = 0f };
    }

    /// <summary>The small batch; the losses also with a batch that fills their reduction tree.</summary>
    private static int[] Batches(CudaKernelSpec spec) =>
        spec.Launch == CudaLaunch.SplitReduction && spec.Spatial == 1 ? [KernelCases.Batch, 100] : [KernelCases.Batch];

    /// <summary>More than one block of more than one thread, and a second shape (odd sizes where any block works).</summary>
    internal static (int Grid, int Block)[] Geometries(CudaLaunch launch) => launch switch
    {
        CudaLaunch.Elementwise or CudaLaunch.PhiloxBlocks => [(2, 32), (3, 7)],
        CudaLaunch.PerChannel or CudaLaunch.SplitReduction => [(2, 32), (3, 8)],
        CudaLaunch.SingleBlock => [(1, 32), (1, 4)],
        _ => [(1, 1), (2, 32)],
    };

    [GxxTheory]
    [InlineData("ganlab", "d_7_bias_leaky_relu", "slope")]
    [InlineData("ganlab", "d_9_dropout_stream101", "stream")]
    [InlineData("ganlab", "d_0_noise_stream100", "stream")]
    [InlineData("pyimagesearch", "d_adam", "step")]
    [InlineData("ganlab", "d_loss_partials", "gradient scale")]
    public void A_constant_that_differs_between_the_two_sides_is_caught(string name, string kernel, string constant)
    {
        // The CPU side reads the table's constants; nudging one there (and the Adam step the CPU is told) must fail
        // the comparison, or the tolerances would let a wrong kernel through.
        var model = ZooModel.Named(name);
        var spec = model.Kernels.Single(k => k.Name == kernel);
        var library = ShimLibrary.Build(model.CudaSource, model.Kernels);
        using var honest = KernelCases.Create(spec, model);
        using var perturbed = constant switch
        {
            "slope" => KernelCases.Create(spec with { Slope = spec.Slope * 1.01f }, model),
            "stream" => KernelCases.Create(spec with { Stream = spec.Stream + 1 }, model),
            "eps" => KernelCases.Create(spec with { Eps = spec.Eps * 1.5f }, model),
            "momentum" => KernelCases.Create(spec with { Momentum = spec.Momentum * 1.01f }, model),
            "step" => AdamTold(spec, model, cpuStep: 8),
            _ => KernelCases.Create(spec with { GradientScale = spec.GradientScale * 0.5f }, model),
        };
        var (grid, block) = Geometries(spec.Launch)[0];
        Assert.All(honest.Run(library, grid, block), r => Assert.True(r.Passed, r.ToString()));
        var caught = perturbed.Run(library, grid, block).Where(r => !r.Passed).ToList();
        Assert.NotEmpty(caught);
        output.WriteLine($"{kernel}, {constant} nudged: {string.Join("; ", caught.Select(r => $"{r.Tensor} {r.Mismatches} of {r.Elements} off"))}");
    }

    /// <summary>Adam with the device counter at step 7 and the CPU told <paramref name="cpuStep"/>.</summary>
    private static KernelCase AdamTold(CudaKernelSpec spec, ZooModel model, int cpuStep)
    {
        var kernelCase = new KernelCase(spec, KernelCases.Batch);
        KernelCases.Adam(kernelCase, model.Adam[spec.Net], new Random(1), step: 7, cpuStep: cpuStep);
        return kernelCase;
    }
}
