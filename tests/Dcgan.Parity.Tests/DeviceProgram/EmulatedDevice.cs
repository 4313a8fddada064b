using System.Runtime.InteropServices;
using Dcgan.Parity.Tests.CudaKernels;
using Dcgan.Runtime;
using Dcgan.Runtime.Cpu;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>
/// Runs a model's device programs (<see cref="GanDefinition.DeviceProgram"/>, the feed and sampling) the way a CUDA executor
/// would, one call per operation, with host memory standing in for the GPU's: a <see cref="GanState"/> holds the device
/// buffers (arena, scratch, each network's parameters, gradients, Adam moments and statistics), beside a counter buffer and
/// a loss buffer that only the programs' kernels touch, and the dataset and epoch order the feed gathers from. Kernels run from the model's CUDA source compiled by g++ under the shim; a GEMM
/// runs the cuBLAS call <see cref="DeviceOp.GemmFor"/> gives, read back as the row-major product it is, on
/// <see cref="Gemm.Multiply(bool, bool, int, int, int, float*, long, float*, long, float*, long, bool)"/>; a convolution
/// runs cuDNN's routine for its direction on the CPU kernel of that direction. Nothing but the program decides what runs.
/// </summary>
internal sealed unsafe class EmulatedDevice : IDisposable
{
    private readonly GanState _memory;
    private readonly ShimLibrary _library;
    private readonly Dictionary<string, CudaKernelSpec> _kernels;
    private readonly ulong* _counters;
    private readonly float* _losses;
    private byte* _dataset;
    private long _datasetBytes;
    private int* _order;
    private long _orderLength;
    private static readonly int CounterCount = Enum.GetValues<DeviceCounter>().Length;
    private static readonly int LossCount = Enum.GetValues<DeviceLoss>().Length;

    /// <summary>
    /// A device whose memory is <paramref name="memory"/>; its counters start from the state's step and Adam steps, the batch
    /// index and the latent counter from 0 (a run's start; set them with <see cref="BatchIndex"/> and <see cref="LatentCounter"/>).
    /// </summary>
    public EmulatedDevice(GanState memory)
    {
        _memory = memory;
        var definition = memory.Definition;
        _library = ShimLibrary.Build(definition.CudaSource, definition.CudaKernels);
        _kernels = definition.CudaKernels.ToDictionary(k => k.Name);
        _counters = (ulong*)NativeMemory.AllocZeroed((nuint)CounterCount, sizeof(ulong));
        _losses = (float*)NativeMemory.AllocZeroed((nuint)LossCount, sizeof(float));
        _counters[(int)DeviceCounter.Step] = (ulong)memory.Step;
        _counters[(int)DeviceCounter.GeneratorAdamStep] = (ulong)memory.Generator.AdamStep;
        _counters[(int)DeviceCounter.DiscriminatorAdamStep] = (ulong)memory.Discriminator.AdamStep;
    }

    /// <summary>The batch of the epoch the next feed gathers (the device counter, BatchSource.Fill's index).</summary>
    public ulong BatchIndex
    {
        get => _counters[(int)DeviceCounter.BatchIndex];
        set => _counters[(int)DeviceCounter.BatchIndex] = value;
    }

    /// <summary>The latent stream's position in words (the device counter, LatentSampler.Counter).</summary>
    public ulong LatentCounter
    {
        get => _counters[(int)DeviceCounter.Latent];
        set => _counters[(int)DeviceCounter.Latent] = value;
    }

    /// <summary>The dataset's 8-bit images into device memory (what an executor uploads once).</summary>
    public void UseDataset(ReadOnlySpan<byte> images)
    {
        NativeMemory.Free(_dataset);
        _dataset = (byte*)NativeMemory.Alloc((nuint)Math.Max(images.Length, 1));
        _datasetBytes = images.Length;
        images.CopyTo(new Span<byte>(_dataset, images.Length));
    }

    /// <summary>An epoch's order of the dataset's images into device memory (what an executor uploads at each epoch's start).</summary>
    public void StartEpoch(ReadOnlySpan<int> order)
    {
        NativeMemory.Free(_order);
        _order = (int*)NativeMemory.Alloc((nuint)Math.Max(order.Length, 1), sizeof(int));
        _orderLength = order.Length;
        order.CopyTo(new Span<int>(_order, order.Length));
    }

    /// <summary>Runs <paramref name="program"/> once and reads nothing back (the feed, sampling: they write device memory only).</summary>
    public void Run(IReadOnlyList<DeviceOp> program)
    {
        foreach (var op in program) Execute(op);
    }

    /// <summary>
    /// Runs <paramref name="program"/> once (one training step), then reads back what a CUDA executor copies to the host
    /// after a step: the loss terms (D's loss their sum, or mean in the averaged recipe) and the counters.
    /// </summary>
    public void Step(IReadOnlyList<DeviceOp> program)
    {
        Run(program);
        _memory.DLossReal = _losses[(int)DeviceLoss.DLossReal];
        _memory.DLossFake = _losses[(int)DeviceLoss.DLossFake];
        _memory.GLoss = _losses[(int)DeviceLoss.GLoss];
        _memory.DLoss = _memory.Definition.Recipe == GanRecipe.Averaged
            ? (_memory.DLossReal + _memory.DLossFake) / 2f
            : _memory.DLossReal + _memory.DLossFake;
        _memory.Step = (long)_counters[(int)DeviceCounter.Step];
        _memory.Generator.AdamStep = (int)_counters[(int)DeviceCounter.GeneratorAdamStep];
        _memory.Discriminator.AdamStep = (int)_counters[(int)DeviceCounter.DiscriminatorAdamStep];
    }

    public void Execute(DeviceOp op)
    {
        switch (op.Kind)
        {
            case DeviceOpKind.Launch: Launch(op); break;
            case DeviceOpKind.Gemm: Gemm(op); break;
            case DeviceOpKind.Convolution: Convolution(op); break;
            case DeviceOpKind.BatchNorm: BatchNorm(op); break;
            case DeviceOpKind.Clear:
                Assert(op.Operands.Length == 1, op, "a clear has one operand");
                NativeMemory.Clear(Floats(op.Operands[0], op.Elements), (nuint)op.Elements * sizeof(float));
                break;
            default: throw new InvalidOperationException($"{op}: unknown kind");
        }
    }

    private void Launch(DeviceOp op)
    {
        if (!_kernels.TryGetValue(op.Kernel, out var spec))
            throw new InvalidOperationException($"{op}: no kernel of that name in the model's table");
        var parameters = spec.Parameters;
        Assert(parameters.Select(p => p.Name).Order().SequenceEqual(op.Operands.Select(o => o.Name).Order()), op,
            $"binds {string.Join(", ", op.Operands.Select(o => o.Name))} to parameters ({spec.ParameterList})");
        var arguments = new Dictionary<string, object>();
        foreach (var operand in op.Operands)
        {
            var parameter = parameters.Single(p => p.Name == operand.Name);
            arguments[operand.Name] = operand.Buffer switch
            {
                DeviceMemory.Batch => _memory.Batch,
                DeviceMemory.Scalar => StepSettings.Of(_memory).Value(operand),
                DeviceMemory.Counters => (nint)Counter(operand),
                DeviceMemory.Dataset => (nint)Dataset(operand),
                DeviceMemory.Order => (nint)Order(operand),
                _ => (nint)Floats(operand, 1),
            };
            Assert(parameter.IsPointer == operand.Buffer is not (DeviceMemory.Batch or DeviceMemory.Scalar), op, $"{operand} for parameter '{parameter}'");
            Assert(parameter.Type == KernelParameterTypes.For(operand), op, $"{operand} for parameter '{parameter}'");
        }
        // Grid-stride kernels take any launch shape: a small one keeps the shim's work (one fiber per thread) small.
        var (grid, block) = GeneratedKernelTests.Geometries(spec.Launch)[0];
        _library.Launch(spec.Name, spec.Parameters, grid, block, arguments);
    }

    private void Gemm(DeviceOp op)
    {
        // cuBLAS computes C = op(A) op(B) column-major; a column-major matrix is the row-major view of its transpose, so
        // in row-major terms C^T = op(B)^T op(A)^T: B's slot is the left operand, each transposed where cuBLAS's op is T.
        var call = op.GemmFor(_memory.Batch);
        Assert(call.Beta is 0f or 1f, op, "beta is 0 or 1");
        float* slotA = Floats(op.Operand(call.A == GemmOperand.RowMajorA ? "A" : "B"), call.Lda * (call.OpA == CublasOperation.N ? call.K : call.M));
        float* slotB = Floats(op.Operand(call.B == GemmOperand.RowMajorA ? "A" : "B"), call.Ldb * (call.OpB == CublasOperation.N ? call.N : call.K));
        float* c = Floats(op.Operand("C"), call.Ldc * call.N);
        Runtime.Cpu.Gemm.Multiply(call.OpB == CublasOperation.T, call.OpA == CublasOperation.T, call.N, call.M, call.K,
            slotB, call.Ldb, slotA, call.Lda, c, call.Ldc, accumulate: call.Beta == 1f);
    }

    private void Convolution(DeviceOp op)
    {
        var (routine, descriptors) = op.ConvolutionFor(_memory.Batch);
        var g = descriptors.Geometry;
        float* image = Floats(op.Operand("image"), Product(descriptors.ImageDims));
        float* filter = Floats(op.Operand("filter"), Product(descriptors.FilterDims));
        float* feature = Floats(op.Operand("feature"), Product(descriptors.FeatureDims));
        switch (routine)
        {
            case CudnnConvolutionRoutine.Forward:
                CpuKernels.Conv2dForward(g, image, filter, null, feature, Activation.None, 0f);
                break;
            case CudnnConvolutionRoutine.BackwardData:
                CpuKernels.Conv2dBackwardData(g, feature, filter, image);
                break;
            default:
                // Accumulates (beta = 1): a network's weight gradients add up over the step's passes.
                CpuKernels.Conv2dBackwardFilter(g, image, feature, filter);
                break;
        }
    }

    /// <summary>
    /// cuDNN's batch norm (spatial mode) on the CPU kernel, its activation left to the launch that follows: forward training
    /// moves the running statistics by the momentum and saves mean and 1/std; backward overwrites dx and adds to dscale and dbias.
    /// </summary>
    private void BatchNorm(DeviceOp op)
    {
        int n = _memory.Batch, channels = op.Channels;
        long spatial = op.Spatial, count = n * channels * spatial;
        float* Channel(string name) => Floats(op.Operand(name), channels);
        float* Tensor(string name) => Floats(op.Operand(name), count);
        switch (op.Normalization)
        {
            case BatchNormWork.ForwardTraining:
                Assert(op.Operands.Length == 8, op, "forward training binds x, y, scale, bias, the running pair and the saved pair");
                CpuKernels.BatchNormForwardTraining(Tensor("x"), Channel("scale"), Channel("bias"), Channel("running_mean"), Channel("running_var"),
                    Tensor("y"), Channel("save_mean"), Channel("save_invstd"), n, channels, (int)spatial, op.Eps, op.Momentum, Activation.None, 0f);
                break;
            case BatchNormWork.ForwardInference:
                Assert(op.Operands.Length == 6, op, "forward inference binds x, y, scale, bias and the running pair");
                CpuKernels.BatchNormForwardInference(Tensor("x"), Channel("scale"), Channel("bias"), Channel("running_mean"), Channel("running_var"),
                    Tensor("y"), n, channels, (int)spatial, op.Eps, Activation.None, 0f);
                break;
            default:
                Assert(op.Operands.Length == 8, op, "backward binds x, dy, scale, the saved pair, dx, dscale and dbias");
                CpuKernels.BatchNormBackward(Tensor("x"), Tensor("dy"), Channel("scale"), Channel("save_mean"), Channel("save_invstd"),
                    Tensor("dx"), Channel("dscale"), Channel("dbias"), n, channels, (int)spatial);
                break;
        }
    }

    private static long Product(int[] dims) => dims.Aggregate(1L, (a, d) => a * d);

    private ulong* Counter(DeviceBinding operand)
    {
        if (operand.Offset < 0 || operand.Offset >= CounterCount) throw new InvalidOperationException($"{operand}: no such counter");
        return _counters + operand.Offset;
    }

    /// <summary>The dataset byte an operand points at, checked to lie inside the uploaded dataset.</summary>
    private byte* Dataset(DeviceBinding operand)
    {
        if (_dataset is null) throw new InvalidOperationException($"{operand}: no dataset (UseDataset comes before a feed)");
        if (operand.Offset < 0 || operand.Offset >= _datasetBytes)
            throw new InvalidOperationException($"{operand}: byte {operand.Offset} is outside the dataset of {_datasetBytes}");
        return _dataset + operand.Offset;
    }

    /// <summary>The order entry an operand points at, checked to lie inside the epoch's order.</summary>
    private int* Order(DeviceBinding operand)
    {
        if (_order is null) throw new InvalidOperationException($"{operand}: no epoch order (StartEpoch comes before a feed)");
        if (operand.Offset < 0 || operand.Offset >= _orderLength)
            throw new InvalidOperationException($"{operand}: entry {operand.Offset} is outside the order of {_orderLength}");
        return _order + operand.Offset;
    }

    /// <summary>The address of a float operand, checked to hold <paramref name="length"/> floats inside its buffer.</summary>
    private float* Floats(DeviceBinding operand, long length)
    {
        var (start, offset, size) = operand.Buffer switch
        {
            DeviceMemory.Arena => ((nint)_memory.Arena.Pointer, operand.Offset * _memory.Batch, _memory.Arena.Length),
            DeviceMemory.Scratch => ((nint)_memory.Scratch.Pointer, operand.Offset, _memory.Scratch.Length),
            DeviceMemory.Losses => ((nint)_losses, operand.Offset, LossCount),
            _ => NetworkBuffer(operand),
        };
        if (offset < 0 || offset + length > size)
            throw new InvalidOperationException($"{operand}: {length} floats at {offset} leave the buffer of {size}");
        return (float*)start + offset;
    }

    private (nint Start, long Offset, long Size) NetworkBuffer(DeviceBinding operand)
    {
        var net = Network(operand);
        var buffer = operand.Buffer switch
        {
            DeviceMemory.Parameters => net.Parameters,
            DeviceMemory.Gradients => net.Gradients,
            DeviceMemory.AdamM => net.AdamM,
            DeviceMemory.AdamV => net.AdamV,
            DeviceMemory.Statistics => net.Statistics,
            _ => throw new InvalidOperationException($"{operand}: not a float buffer"),
        };
        return ((nint)buffer.Pointer, operand.Offset, buffer.Length);
    }

    private NetworkState Network(DeviceBinding operand) => operand.Net switch
    {
        Net.Generator => _memory.Generator,
        Net.Discriminator => _memory.Discriminator,
        _ => throw new InvalidOperationException($"{operand}: a GAN has no {operand.Net}"),
    };

    private static void Assert(bool condition, DeviceOp op, string what)
    {
        if (!condition) throw new InvalidOperationException($"{op}: {what}");
    }

    public void Dispose()
    {
        NativeMemory.Free(_counters);
        NativeMemory.Free(_losses);
        NativeMemory.Free(_dataset);
        NativeMemory.Free(_order);
    }
}
