using Dcgan.Runtime;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// One row of a model's kernel table set up for comparison: its arguments by C parameter name (twins, whose CPU
/// copies the CPU kernel has already worked on, and scalars), and the outputs to compare with their tolerances.
/// Run launches the compiled kernel on the GPU copies, fresh from the starting values each time.
/// </summary>
internal sealed class KernelCase(CudaKernelSpec spec, int batch) : IDisposable
{
    private readonly List<Twin> _twins = [];
    private readonly List<(string Parameter, Tolerance Tolerance)> _outputs = [];
    private CudaKernelSpec? _combine;

    public CudaKernelSpec Spec { get; } = spec;
    public int Batch { get; } = batch;
    public Dictionary<string, object> Arguments { get; } = new() { ["n"] = batch };

    /// <summary>A buffer the kernel takes as <paramref name="parameter"/>.</summary>
    public Twin Argument(string parameter, Twin twin)
    {
        _twins.Add(twin);
        Arguments[parameter] = twin;
        return twin;
    }

    /// <summary>A buffer only the CPU side reads (a layer's input and weight before the epilogue).</summary>
    public Twin CpuOnly(Twin twin)
    {
        _twins.Add(twin);
        return twin;
    }

    public void Scalar(string parameter, object value) => Arguments[parameter] = value;

    /// <summary>Whether the kernel's C parameters include <paramref name="parameter"/> (an optional bias, gamma, dx).</summary>
    public bool Takes(string parameter) => Spec.Parameters.Any(p => p.Name == parameter);

    public void Compare(string parameter, Tolerance tolerance) => _outputs.Add((parameter, tolerance));

    /// <summary>A split reduction's second launch, run after the kernel on the same arguments (the partials, n).</summary>
    public void CombineWith(CudaKernelSpec combine) => _combine = combine;

    public IReadOnlyList<TensorComparison> Run(ShimLibrary library, int grid, int block)
    {
        foreach (var twin in _twins) twin.ResetGpu();
        library.Launch(Spec.Name, Spec.Parameters, grid, block, Arguments);
        string geometry = $"n={Batch}, {grid}x{block}";
        if (_combine is not null)
        {
            var (combineGrid, combineBlock) = GeneratedKernelTests.Geometries(_combine.Launch)[0];
            library.Launch(_combine.Name, _combine.Parameters, combineGrid, combineBlock, Arguments);
            geometry += $", then {_combine.Name} {combineGrid}x{combineBlock}";
        }
        return _outputs.Select(o => TensorComparison.Of(Spec.Name, o.Parameter, geometry, (Twin)Arguments[o.Parameter], o.Tolerance)).ToList();
    }

    public void Dispose()
    {
        foreach (var twin in _twins) twin.Dispose();
    }
}
