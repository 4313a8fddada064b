using System.Runtime.InteropServices;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

// cuDNN's descriptors are host-side records of shapes and settings, bound to no context or device, so unlike
// device objects they are SafeHandles: a leaked one is freed by its finalizer.

/// <summary>A 4-d tensor descriptor (cudnnSetTensor4dDescriptor), float NCHW unless told otherwise.</summary>
public sealed unsafe class CudnnTensorDescriptor : SafeHandle
{
    private CudnnTensorDescriptor() : base(0, ownsHandle: true)
    {
        nint raw;
        Cudnn.Check(Cudnn.cudnnCreateTensorDescriptor(&raw));
        SetHandle(raw);
    }

    public override bool IsInvalid => handle == 0;

    public nint Handle => handle;

    public static CudnnTensorDescriptor Create(int n, int c, int h, int w, CudnnDataType dataType = CudnnDataType.Float, CudnnTensorFormat format = CudnnTensorFormat.Nchw)
    {
        var descriptor = new CudnnTensorDescriptor();
        return Configure(descriptor, () => Cudnn.Check(Cudnn.cudnnSetTensor4dDescriptor(descriptor.handle, format, dataType, n, c, h, w)));
    }

    /// <summary>The descriptor of batch norm's per-channel scale, bias, mean and variance for input <paramref name="x"/>.</summary>
    public static CudnnTensorDescriptor ForBatchNorm(CudnnTensorDescriptor x, CudnnBatchNormMode mode)
    {
        var descriptor = new CudnnTensorDescriptor();
        return Configure(descriptor, () => Cudnn.Check(Cudnn.cudnnDeriveBNTensorDescriptor(descriptor.handle, x.Handle, mode)));
    }

    internal static T Configure<T>(T descriptor, Action set) where T : SafeHandle
    {
        try
        {
            set();
            return descriptor;
        }
        catch
        {
            descriptor.Dispose();
            throw;
        }
    }

    protected override bool ReleaseHandle() => Cudnn.cudnnDestroyTensorDescriptor(handle) == CudnnStatus.Success;
}

/// <summary>A 4-d filter descriptor (cudnnSetFilter4dDescriptor): K output channels, C input channels, H x W taps.</summary>
public sealed unsafe class CudnnFilterDescriptor : SafeHandle
{
    private CudnnFilterDescriptor() : base(0, ownsHandle: true)
    {
        nint raw;
        Cudnn.Check(Cudnn.cudnnCreateFilterDescriptor(&raw));
        SetHandle(raw);
    }

    public override bool IsInvalid => handle == 0;

    public nint Handle => handle;

    public static CudnnFilterDescriptor Create(int k, int c, int h, int w, CudnnDataType dataType = CudnnDataType.Float, CudnnTensorFormat format = CudnnTensorFormat.Nchw)
    {
        var descriptor = new CudnnFilterDescriptor();
        return CudnnTensorDescriptor.Configure(descriptor, () => Cudnn.Check(Cudnn.cudnnSetFilter4dDescriptor(descriptor.handle, dataType, format, k, c, h, w)));
    }

    protected override bool ReleaseHandle() => Cudnn.cudnnDestroyFilterDescriptor(handle) == CudnnStatus.Success;
}

/// <summary>A 2-d convolution descriptor (cudnnSetConvolution2dDescriptor) as PyTorch's Conv2d means it: a cross-correlation.</summary>
public sealed unsafe class CudnnConvolutionDescriptor : SafeHandle
{
    private CudnnConvolutionDescriptor() : base(0, ownsHandle: true)
    {
        nint raw;
        Cudnn.Check(Cudnn.cudnnCreateConvolutionDescriptor(&raw));
        SetHandle(raw);
    }

    public override bool IsInvalid => handle == 0;

    public nint Handle => handle;

    /// <summary>
    /// Padding, stride and dilation per axis, FP32 accumulation, and <paramref name="math"/>: FmaMath forbids tensor
    /// cores and so TF32 (parity), DefaultMath lets cuDNN choose (speed).
    /// </summary>
    public static CudnnConvolutionDescriptor Create(int padH, int padW, int strideH, int strideW, int dilationH = 1, int dilationW = 1,
        CudnnMathType math = CudnnMathType.FmaMath)
    {
        var descriptor = new CudnnConvolutionDescriptor();
        return CudnnTensorDescriptor.Configure(descriptor, () =>
        {
            Cudnn.Check(Cudnn.cudnnSetConvolution2dDescriptor(descriptor.handle, padH, padW, strideH, strideW, dilationH, dilationW,
                CudnnConvolutionMode.CrossCorrelation, CudnnDataType.Float));
            Cudnn.Check(Cudnn.cudnnSetConvolutionMathType(descriptor.handle, math));
        });
    }

    protected override bool ReleaseHandle() => Cudnn.cudnnDestroyConvolutionDescriptor(handle) == CudnnStatus.Success;
}
