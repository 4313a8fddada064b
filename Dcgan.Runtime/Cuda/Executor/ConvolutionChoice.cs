using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>What a run chose for one convolution: config.json records it.</summary>
/// <param name="Algorithm">cuDNN's name of the algorithm (CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM, ...).</param>
/// <param name="Search">"find" (cuDNN measured the algorithms) or "heuristics" (cudnnGet*Algorithm_v7 rated them).</param>
public sealed record ConvolutionChoice(CudnnConvolutionRoutine Routine, int[] Image, int[] Filter, int[] Feature, int Padding, int Stride,
    string Algorithm, int AlgorithmNumber, ulong WorkspaceBytes, bool Deterministic, CudnnMathType Math, string Search);
