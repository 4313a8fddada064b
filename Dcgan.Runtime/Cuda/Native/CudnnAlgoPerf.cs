using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cuda.Native;

// The three result records of cuDNN's algorithm searches (cudnn_cnn.h). They share one layout: algo, status,
// time, then a size_t (so 4 bytes of padding after time on 64-bit), determinism, mathType and int reserved[3]:
// 48 bytes. Sequential layout with the same field types reproduces it; CudnnAlgoPerfLayoutTests checks the offsets.

/// <summary>cudnnConvolutionFwdAlgoPerf_t.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CudnnConvolutionFwdAlgoPerf
{
    public CudnnConvolutionFwdAlgo Algo;
    public CudnnStatus Status;
    /// <summary>Milliseconds, as a Find search measured them.</summary>
    public float Time;
    /// <summary>Workspace bytes the algorithm needs.</summary>
    public nuint Memory;
    public CudnnDeterminism Determinism;
    public CudnnMathType MathType;
    public fixed int Reserved[3];
}

/// <summary>cudnnConvolutionBwdDataAlgoPerf_t.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CudnnConvolutionBwdDataAlgoPerf
{
    public CudnnConvolutionBwdDataAlgo Algo;
    public CudnnStatus Status;
    public float Time;
    public nuint Memory;
    public CudnnDeterminism Determinism;
    public CudnnMathType MathType;
    public fixed int Reserved[3];
}

/// <summary>cudnnConvolutionBwdFilterAlgoPerf_t.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CudnnConvolutionBwdFilterAlgoPerf
{
    public CudnnConvolutionBwdFilterAlgo Algo;
    public CudnnStatus Status;
    public float Time;
    public nuint Memory;
    public CudnnDeterminism Determinism;
    public CudnnMathType MathType;
    public fixed int Reserved[3];
}
