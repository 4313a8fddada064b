namespace Dcgan.Runtime.Cuda;

/// <summary>One kernel of a step: how often the step launches it and with what grid, over how many elements.</summary>
/// <param name="Elements">Elements the kernel walks at the step's batch (<see cref="CudaKernelSpec.Elements"/>).</param>
public sealed record KernelLaunches(string Kernel, int Launches, int Grid, int Block, long Elements)
{
    /// <summary>Elements each launched thread walks: far above 1 where few blocks run over a large tensor.</summary>
    public double ElementsPerThread => (double)Elements / ((long)Grid * Block);
}

/// <summary>
/// What one step puts on the stream, read from the prepared program the executor captures: kernel launches (each
/// kernel's grid and block as launched), cuBLAS and cuDNN calls, clears and copies back to the host.
/// </summary>
public sealed record StepLaunchProfile(int KernelLaunches, int CublasCalls, int CudnnCalls, int Clears, int HostCopies, IReadOnlyList<KernelLaunches> Kernels)
{
    internal static StepLaunchProfile Of(PreparedProgram program, IReadOnlyList<CudaKernelSpec> specs, int batch)
    {
        var byName = specs.ToDictionary(s => s.Name);
        int launches = 0, cublas = 0, cudnn = 0, clears = 0, copies = 0;
        var kernels = new List<(string Kernel, int Grid, int Block)>();
        foreach (var call in program.Calls)
        {
            switch (call)
            {
                case LaunchCall launch:
                    launches++;
                    kernels.Add((launch.Kernel, launch.Shape.Grid, launch.Shape.Block));
                    break;
                case GemmCall: cublas++; break;
                case ConvolutionCall or BatchNormCall: cudnn++; break;
                case ClearCall: clears++; break;
                case CopyToHostCall: copies++; break;
                default: throw new DcganException($"{call.What}: a call the launch profile does not know");
            }
        }
        var rows = kernels.GroupBy(k => k)
            .Select(g => new KernelLaunches(g.Key.Kernel, g.Count(), g.Key.Grid, g.Key.Block, byName[g.Key.Kernel].Elements(batch)))
            .ToList();
        return new StepLaunchProfile(launches, cublas, cudnn, clears, copies, rows);
    }
}
