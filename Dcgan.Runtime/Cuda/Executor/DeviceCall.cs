using System.Runtime.InteropServices;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// One operation of a device program made ready to put on a stream: every address, size, algorithm and argument
/// value settled when the program is prepared, so enqueuing it (eagerly, or while a graph is captured) calls one
/// CUDA, cuBLAS or cuDNN function and nothing else.
/// </summary>
public interface IDeviceCall : IDisposable
{
    /// <summary>The program's row it stands for, for errors.</summary>
    string What { get; }

    void Enqueue(CudaStream stream);
}

/// <summary>A kernel launch: its function, grid and block, and its arguments packed in launch order.</summary>
public sealed unsafe class LaunchCall : IDeviceCall
{
    private readonly nint _function;
    private readonly (int Grid, int Block) _shape;
    private readonly ulong* _values;
    private readonly void** _arguments;

    /// <param name="values">One 8-byte slot per parameter, in launch order (an int or float in the slot's low bytes).</param>
    public LaunchCall(DeviceOp op, nint function, (int Grid, int Block) shape, IReadOnlyList<ulong> values)
    {
        What = op.ToString();
        Kernel = op.Kernel;
        _function = function;
        _shape = shape;
        _values = (ulong*)NativeMemory.AllocZeroed((nuint)Math.Max(values.Count, 1), sizeof(ulong));
        _arguments = (void**)NativeMemory.AllocZeroed((nuint)Math.Max(values.Count, 1), (nuint)sizeof(void*));
        for (int i = 0; i < values.Count; i++)
        {
            _values[i] = values[i];
            _arguments[i] = &_values[i];
        }
    }

    public string What { get; }
    public string Kernel { get; }
    /// <summary>The grid and block it launches with (one-dimensional).</summary>
    public (int Grid, int Block) Shape => _shape;

    public void Enqueue(CudaStream stream) => CudaDriver.Check(CudaDriver.cuLaunchKernel(_function, (uint)_shape.Grid, 1, 1, (uint)_shape.Block, 1, 1, 0,
        stream.Handle, _arguments, null), $"cuLaunchKernel({What})");

    public void Dispose()
    {
        NativeMemory.Free(_values);
        NativeMemory.Free(_arguments);
    }
}

/// <summary>A cuBLAS SGEMM (<see cref="CublasGemm"/>), alpha 1 and beta as the product's (1 where it accumulates).</summary>
public sealed unsafe class GemmCall(DeviceOp op, CublasHandle cublas, CublasGemm call, ulong a, ulong b, ulong c) : IDeviceCall
{
    public string What { get; } = op.ToString();

    public void Enqueue(CudaStream stream)
    {
        float alpha = 1f, beta = call.Beta;
        Cublas.Check(Cublas.cublasSgemm_v2(cublas.Handle, call.OpA, call.OpB, call.M, call.N, call.K, &alpha, (float*)a, (int)call.Lda,
            (float*)b, (int)call.Ldb, &beta, (float*)c, (int)call.Ldc), $"cublasSgemm ({What})");
    }

    public void Dispose() { }
}

/// <summary>
/// A cuDNN convolution routine with its descriptors and the algorithm chosen at start-up. Forward and backward data
/// overwrite their output (beta 0); backward filter adds into the weight gradient (beta 1), as a network's gradients
/// add up over the step's passes.
/// </summary>
public sealed unsafe class ConvolutionCall(DeviceOp op, CudnnHandle cudnn, ConvolutionPlan plan, ulong image, ulong filter, ulong feature,
    ulong workspace, ulong workspaceBytes) : IDeviceCall
{
    public string What { get; } = op.ToString();

    public void Enqueue(CudaStream stream)
    {
        float alpha = 1f, beta = plan.Routine == CudnnConvolutionRoutine.BackwardFilter ? 1f : 0f;
        void* space = (void*)workspace;
        var bytes = (nuint)workspaceBytes;
        var status = plan.Routine switch
        {
            CudnnConvolutionRoutine.Forward => Cudnn.cudnnConvolutionForward(cudnn.Handle, &alpha, plan.Image.Handle, (void*)image, plan.Filter.Handle,
                (void*)filter, plan.Convolution.Handle, (CudnnConvolutionFwdAlgo)plan.Algorithm, space, bytes, &beta, plan.Feature.Handle, (void*)feature),
            CudnnConvolutionRoutine.BackwardData => Cudnn.cudnnConvolutionBackwardData(cudnn.Handle, &alpha, plan.Filter.Handle, (void*)filter,
                plan.Feature.Handle, (void*)feature, plan.Convolution.Handle, (CudnnConvolutionBwdDataAlgo)plan.Algorithm, space, bytes, &beta,
                plan.Image.Handle, (void*)image),
            _ => Cudnn.cudnnConvolutionBackwardFilter(cudnn.Handle, &alpha, plan.Image.Handle, (void*)image, plan.Feature.Handle, (void*)feature,
                plan.Convolution.Handle, (CudnnConvolutionBwdFilterAlgo)plan.Algorithm, space, bytes, &beta, plan.Filter.Handle, (void*)filter),
        };
        Cudnn.Check(status, $"cuDNN {plan.Routine} ({What})");
    }

    public void Dispose() { }
}

/// <summary>
/// A cuDNN batch-norm routine in spatial mode over [n, channels, spatial, 1], with its two descriptors (made when the
/// program is prepared). Forward training moves the running statistics by the layer's momentum (cuDNN's exponential
/// average factor; the running variance from the unbiased batch variance, as PyTorch's) and saves the mean and
/// 1/sqrt(var + eps); backward overwrites dx (beta 0) and adds into dscale and dbias (beta 1), as every gradient of a
/// network adds up over the step's passes. Epsilon and momentum are the layer's float values, widened as the CPU does.
/// </summary>
public sealed unsafe class BatchNormCall : IDeviceCall
{
    private const CudnnBatchNormMode Mode = CudnnBatchNormMode.Spatial;
    private readonly CudnnHandle _cudnn;
    private readonly DeviceOp _op;
    private readonly CudnnTensorDescriptor _tensor;
    private readonly CudnnTensorDescriptor _channels;
    private readonly IReadOnlyDictionary<string, ulong> _operands;

    /// <param name="operands">Each operand's device address, by the name <see cref="BatchNormWork"/> gives it.</param>
    public BatchNormCall(DeviceOp op, CudnnHandle cudnn, int batch, IReadOnlyDictionary<string, ulong> operands)
    {
        What = op.ToString();
        _op = op;
        _cudnn = cudnn;
        _operands = operands;
        _tensor = CudnnTensorDescriptor.Create(batch, op.Channels, checked((int)op.Spatial), 1);
        try
        {
            _channels = CudnnTensorDescriptor.ForBatchNorm(_tensor, Mode);
        }
        catch
        {
            _tensor.Dispose();
            throw;
        }
    }

    public string What { get; }

    private void* At(string name) => (void*)_operands[name];

    public void Enqueue(CudaStream stream)
    {
        float one = 1f, zero = 0f;
        nint tensor = _tensor.Handle, channels = _channels.Handle;
        double eps = _op.Eps, momentum = _op.Momentum;
        var status = _op.Normalization switch
        {
            BatchNormWork.ForwardTraining => Cudnn.cudnnBatchNormalizationForwardTraining(_cudnn.Handle, Mode, &one, &zero, tensor, At("x"), tensor, At("y"),
                channels, At("scale"), At("bias"), momentum, At("running_mean"), At("running_var"), eps, At("save_mean"), At("save_invstd")),
            BatchNormWork.ForwardInference => Cudnn.cudnnBatchNormalizationForwardInference(_cudnn.Handle, Mode, &one, &zero, tensor, At("x"), tensor, At("y"),
                channels, At("scale"), At("bias"), At("running_mean"), At("running_var"), eps),
            _ => Cudnn.cudnnBatchNormalizationBackward(_cudnn.Handle, Mode, &one, &zero, &one, &one, tensor, At("x"), tensor, At("dy"), tensor, At("dx"),
                channels, At("scale"), At("dscale"), At("dbias"), eps, At("save_mean"), At("save_invstd")),
        };
        Cudnn.Check(status, $"cuDNN batch norm {_op.Normalization} ({What})");
    }

    public void Dispose()
    {
        _channels.Dispose();
        _tensor.Dispose();
    }
}

/// <summary>Zeroes a float range (cuMemsetD32Async).</summary>
public sealed class ClearCall(DeviceOp op, ulong address, long floats) : IDeviceCall
{
    public string What { get; } = op.ToString();

    public void Enqueue(CudaStream stream) =>
        CudaDriver.Check(CudaDriver.cuMemsetD32Async(address, 0, (nuint)floats, stream.Handle), $"cuMemsetD32Async ({What})");

    public void Dispose() { }
}

/// <summary>A device-to-host copy into pinned memory, inside the step's graph: the step's losses and counters coming back.</summary>
public sealed unsafe class CopyToHostCall(string what, byte* host, ulong device, ulong bytes) : IDeviceCall
{
    public string What { get; } = what;

    public void Enqueue(CudaStream stream) =>
        CudaDriver.Check(CudaDriver.cuMemcpyDtoHAsync_v2(host, device, (nuint)bytes, stream.Handle), $"cuMemcpyDtoHAsync ({What})");

    public void Dispose() { }
}
