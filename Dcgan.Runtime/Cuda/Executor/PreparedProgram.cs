using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>What preparing a program needs: the device's memory, kernels, library handles and the convolutions' plans.</summary>
internal sealed record ExecutorResources(
    GanDeviceMemory Memory,
    IReadOnlyDictionary<string, (CudaKernelSpec Spec, nint Function)> Kernels,
    CublasHandle Cublas,
    CudnnHandle Cudnn,
    IReadOnlyDictionary<(CudnnConvolutionRoutine, Cpu.ConvGeometry), ConvolutionPlan> Convolutions,
    DeviceBuffer? Workspace,
    int MaxBlocks,
    ExecutorFault Fault,
    DeviceBuffer? CounterSnapshot);

/// <summary>
/// A device program (<see cref="GanDefinition.DeviceProgram"/> and the others) turned into calls: each row's operands
/// resolved to device addresses (checked against the buffers), its by-value operands to the settings' values, its
/// kernel to the module's function with the row's parameters in launch order. Nothing here allocates on the device.
/// </summary>
internal sealed class PreparedProgram : IDisposable
{
    private PreparedProgram(List<IDeviceCall> calls) => Calls = calls;

    /// <summary>Calls the program ends with, outside the generated rows (the step's values copied back to the host).</summary>
    public void Append(IDeviceCall call) => Calls.Add(call);

    public List<IDeviceCall> Calls { get; }

    public static PreparedProgram Prepare(IEnumerable<DeviceOp> program, ExecutorResources resources, StepSettings settings)
    {
        var calls = new List<IDeviceCall>();
        try
        {
            foreach (var op in program) calls.Add(Call(op, resources, settings));
            return new PreparedProgram(calls);
        }
        catch
        {
            foreach (var call in calls) call.Dispose();
            throw;
        }
    }

    /// <summary>Enqueues every call on <paramref name="stream"/>, naming the program's row when one fails.</summary>
    public void Enqueue(CudaStream stream, Func<IDeviceCall, bool>? include = null)
    {
        foreach (var call in Calls)
        {
            if (include is not null && !include(call)) continue;
            try
            {
                call.Enqueue(stream);
            }
            catch (CudaException e)
            {
                throw new DcganException($"{call.What}: {e.Message}", e);
            }
        }
    }

    private static IDeviceCall Call(DeviceOp op, ExecutorResources resources, StepSettings settings)
    {
        var memory = resources.Memory;
        int batch = memory.Batch;
        switch (op.Kind)
        {
            case DeviceOpKind.Launch:
                return Launch(op, resources, settings);
            case DeviceOpKind.Gemm:
            {
                var call = op.GemmFor(batch);
                var a = op.Operand(call.A == GemmOperand.RowMajorA ? "A" : "B");
                var b = op.Operand(call.B == GemmOperand.RowMajorA ? "A" : "B");
                return new GemmCall(op, resources.Cublas, call,
                    memory.Address(a, call.Lda * (call.OpA == CublasOperation.N ? call.K : call.M)),
                    memory.Address(b, call.Ldb * (call.OpB == CublasOperation.N ? call.N : call.K)),
                    memory.Address(op.Operand("C"), call.Ldc * call.N));
            }
            case DeviceOpKind.Convolution:
            {
                var (routine, shape) = op.ConvolutionFor(batch);
                var plan = resources.Convolutions[(routine, shape.Geometry)];
                return new ConvolutionCall(op, resources.Cudnn, plan,
                    memory.Address(op.Operand("image"), Product(shape.ImageDims)),
                    memory.Address(op.Operand("filter"), Product(shape.FilterDims)),
                    memory.Address(op.Operand("feature"), Product(shape.FeatureDims)),
                    resources.Workspace?.Pointer ?? 0, resources.Workspace?.Bytes ?? 0);
            }
            case DeviceOpKind.BatchNorm:
                return BatchNorm(op, resources);
            case DeviceOpKind.Clear:
                if (op.Operands.Length != 1) throw new DcganException($"{op}: a clear has one operand");
                return new ClearCall(op, memory.Address(op.Operands[0], op.Elements), op.Elements);
            default:
                throw new DcganException($"{op}: unknown operation");
        }
    }

    /// <summary>Operands of each batch-norm routine: the per-element tensors first, then the per-channel ones.</summary>
    private static readonly IReadOnlyDictionary<BatchNormWork, (string[] Tensors, string[] Channels)> BatchNormOperands = new Dictionary<BatchNormWork, (string[], string[])>
    {
        [BatchNormWork.ForwardTraining] = (["x", "y"], ["scale", "bias", "running_mean", "running_var", "save_mean", "save_invstd"]),
        [BatchNormWork.ForwardInference] = (["x", "y"], ["scale", "bias", "running_mean", "running_var"]),
        [BatchNormWork.Backward] = (["x", "dy", "dx"], ["scale", "save_mean", "save_invstd", "dscale", "dbias"]),
    };

    private static BatchNormCall BatchNorm(DeviceOp op, ExecutorResources resources)
    {
        var (tensors, channels) = BatchNormOperands[op.Normalization];
        if (op.Operands.Length != tensors.Length + channels.Length || op.Operands.Any(o => !tensors.Contains(o.Name) && !channels.Contains(o.Name)))
            throw new DcganException($"{op}: binds {string.Join(", ", op.Operands.Select(o => o.Name))}, not {string.Join(", ", tensors.Concat(channels))}");
        var memory = resources.Memory;
        long elements = (long)memory.Batch * op.Channels * op.Spatial;
        var addresses = tensors.ToDictionary(name => name, name => memory.Address(op.Operand(name), elements));
        foreach (var name in channels) addresses[name] = memory.Address(op.Operand(name), op.Channels);
        return new BatchNormCall(op, resources.Cudnn, memory.Batch, addresses);
    }

    private static LaunchCall Launch(DeviceOp op, ExecutorResources resources, StepSettings settings)
    {
        if (!resources.Kernels.TryGetValue(op.Kernel, out var kernel))
            throw new DcganException($"{op}: no kernel of that name in the model's table");
        var parameters = kernel.Spec.Parameters;
        if (parameters.Count != op.Operands.Length || parameters.Any(p => op.Operands.Count(o => o.Name == p.Name) != 1))
            throw new DcganException($"{op}: binds {string.Join(", ", op.Operands.Select(o => o.Name))} to parameters ({kernel.Spec.ParameterList})");
        var values = new List<ulong>(parameters.Count);
        foreach (var parameter in parameters)
        {
            var operand = op.Operand(parameter.Name);
            values.Add(Argument(op, parameter, operand, resources, settings));
        }
        var (grid, block) = kernel.Spec.LaunchShape(resources.Memory.Batch);
        // Grid-stride and channel-striding kernels take any grid: a few blocks per multiprocessor keep it busy.
        if (kernel.Spec.Launch is CudaLaunch.Elementwise or CudaLaunch.PhiloxBlocks or CudaLaunch.PerChannel) grid = Math.Min(grid, resources.MaxBlocks);
        return new LaunchCall(op, kernel.Function, (grid, block), values);
    }

    private static ulong Argument(DeviceOp op, KernelParameter parameter, DeviceBinding operand, ExecutorResources resources, StepSettings settings)
    {
        if (KernelParameterTypes.For(operand) != parameter.Type)
            throw new DcganException($"{op}: {operand} cannot be passed to parameter '{parameter.CDeclaration}'");
        switch (operand.Buffer)
        {
            case DeviceMemory.Batch:
                return (uint)resources.Memory.Batch;
            case DeviceMemory.Scalar:
                return settings.Slot(operand);
            case DeviceMemory.Counters when resources.Fault == ExecutorFault.CountersReadAtCapture && parameter.IsConst:
                return resources.CounterSnapshot!.Pointer + (ulong)operand.Offset * sizeof(ulong);
            default:
                return resources.Memory.Address(operand);
        }
    }

    private static long Product(int[] dims) => dims.Aggregate(1L, (a, d) => a * d);

    public void Dispose()
    {
        foreach (var call in Calls) call.Dispose();
    }
}
