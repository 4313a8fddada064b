using Dcgan.Runtime;
using static Dcgan.Parity.Tests.CudaKernels.TestParameters;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// Prelude functions no zoo model's table reaches (a standalone activation layer, nearest upsampling, batch norm
/// without affine parameters or without dx) and shapes the zoo does not have (odd sizes, a row wider than the CPU's
/// 256-column tile), through test-only entry points written as the generator writes them, against the same CPU kernels.
/// </summary>
public class PreludeKernelTests
{
    private static readonly (CudaKernelSpec Spec, string Body)[] Entries =
    [
        .. Enum.GetValues<Activation>().Select(a => (
            new CudaKernelSpec($"test_activation_{a}", CudaKernelKind.ActivationForward, [In("x"), Out("y"), N], CudaLaunch.Elementwise, 999, 0)
                { Activation = a, Slope = a == Activation.LeakyRelu ? 0.2f : 0f },
            $"activation_forward<{(int)a}>(x, y, (i64)n * 999, {(a == Activation.LeakyRelu ? "0.2f" : "0.0f")});")),
        .. Enum.GetValues<Activation>().Select(a => (
            new CudaKernelSpec($"test_activation_{a}_backward", CudaKernelKind.ActivationBackward, [In("y"), In("dy"), Out("dx"), N], CudaLaunch.Elementwise, 999, 0)
                { Activation = a, Slope = a == Activation.LeakyRelu ? 0.2f : 0f },
            $"activation_backward<{(int)a}>(y, dy, dx, (i64)n * 999, {(a == Activation.LeakyRelu ? "0.2f" : "0.0f")});")),
        Upsample("nearest", CudaKernelKind.UpsampleNearest, 3, 5, 7),
        Upsample("nearest_backward", CudaKernelKind.UpsampleNearestBackward, 3, 5, 7),
        Upsample("bilinear", CudaKernelKind.UpsampleBilinear, 3, 5, 9),
        Upsample("bilinear_backward", CudaKernelKind.UpsampleBilinearBackward, 3, 5, 9),
        Upsample("bilinear", CudaKernelKind.UpsampleBilinear, 1, 3, 300),
        Upsample("bilinear_backward", CudaKernelKind.UpsampleBilinearBackward, 1, 3, 300),
        Upsample("bilinear_backward", CudaKernelKind.UpsampleBilinearBackward, 2, 1, 1),
    ];

    private static (CudaKernelSpec, string) Upsample(string function, CudaKernelKind kind, int channels, int height, int width)
    {
        bool backward = function.EndsWith("backward");
        long small = (long)channels * height * width;
        var spec = new CudaKernelSpec($"test_upsample_{function}_{channels}x{height}x{width}", kind,
            backward ? [In("dy"), Out("dx"), N] : [In("x"), Out("y"), N], CudaLaunch.Elementwise, backward ? small : 4 * small, 0)
            { Channels = channels, Height = height, Width = width };
        return (spec, $"upsample_{function}({(backward ? "dy, dx" : "x, y")}, (i64)n * {channels}, {height}, {width});");
    }

    [GxxFact]
    public void Functions_the_zoo_does_not_reach_compute_what_the_cpu_computes()
    {
        string source = ZooModel.Named("fc_conv_mnist").CudaSource + string.Concat(Entries.Select(e =>
            $"\nextern \"C\" __global__ void {e.Spec.Name}({e.Spec.ParameterList})\n{{\n    {e.Body}\n}}\n"));
        var library = ShimLibrary.Build(source, Entries.Select(e => e.Spec));
        var model = ZooModel.Named("fc_conv_mnist");
        var results = new List<TensorComparison>();
        foreach (var (spec, _) in Entries)
        {
            using var kernelCase = KernelCases.Create(spec, model);
            foreach (var (grid, block) in GeneratedKernelTests.Geometries(spec.Launch))
                results.AddRange(kernelCase.Run(library, grid, block));
        }
        Assert.Equal(Entries.Length, results.Select(r => r.Kernel).Distinct().Count());
        Assert.Empty(results.Where(r => !r.Passed).Select(r => r.ToString()));
    }
}
