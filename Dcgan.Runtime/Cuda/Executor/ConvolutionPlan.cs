using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// One convolution of a program as cuDNN runs it: its tensor, filter and convolution descriptors (made once) and the
/// algorithm chosen once at start-up by cuDNN's heuristics (cudnnGet*Algorithm_v7), the first it rates that succeeds,
/// and in deterministic mode the first that is also deterministic, with the workspace that algorithm needs.
/// </summary>
public sealed unsafe class ConvolutionPlan : IDisposable
{
    private const int Candidates = 16;

    private ConvolutionPlan(CudnnConvolutionRoutine routine, CudnnConvolution shape, CudnnMathType math)
    {
        Routine = routine;
        Shape = shape;
        Image = CudnnTensorDescriptor.Create(shape.ImageDims[0], shape.ImageDims[1], shape.ImageDims[2], shape.ImageDims[3]);
        Feature = CudnnTensorDescriptor.Create(shape.FeatureDims[0], shape.FeatureDims[1], shape.FeatureDims[2], shape.FeatureDims[3]);
        Filter = CudnnFilterDescriptor.Create(shape.FilterDims[0], shape.FilterDims[1], shape.FilterDims[2], shape.FilterDims[3]);
        Convolution = CudnnConvolutionDescriptor.Create(shape.Padding, shape.Padding, shape.Stride, shape.Stride, math: math);
    }

    public CudnnConvolutionRoutine Routine { get; }
    public CudnnConvolution Shape { get; }
    public CudnnTensorDescriptor Image { get; }
    public CudnnTensorDescriptor Feature { get; }
    public CudnnFilterDescriptor Filter { get; }
    public CudnnConvolutionDescriptor Convolution { get; }
    /// <summary>The cuDNN algorithm number of <see cref="Routine"/>'s enum.</summary>
    public int Algorithm { get; private set; }
    public ulong WorkspaceBytes { get; private set; }
    public bool Deterministic { get; private set; }

    /// <summary>The plan for <paramref name="routine"/> on <paramref name="shape"/>; FMA math unless TF32 is allowed.</summary>
    public static ConvolutionPlan Choose(CudnnHandle cudnn, CudnnConvolutionRoutine routine, CudnnConvolution shape, bool deterministic, bool allowTf32)
    {
        var plan = new ConvolutionPlan(routine, shape, allowTf32 ? CudnnMathType.DefaultMath : CudnnMathType.FmaMath);
        try
        {
            plan.ChooseAlgorithm(cudnn, deterministic);
            return plan;
        }
        catch
        {
            plan.Dispose();
            throw;
        }
    }

    private void ChooseAlgorithm(CudnnHandle cudnn, bool deterministic)
    {
        int returned;
        var found = new List<(int Algorithm, CudnnStatus Status, nuint Memory, CudnnDeterminism Determinism)>();
        switch (Routine)
        {
            case CudnnConvolutionRoutine.Forward:
            {
                var results = stackalloc CudnnConvolutionFwdAlgoPerf[Candidates];
                Cudnn.Check(Cudnn.cudnnGetConvolutionForwardAlgorithm_v7(cudnn.Handle, Image.Handle, Filter.Handle, Convolution.Handle, Feature.Handle,
                    Candidates, &returned, results));
                for (int i = 0; i < returned; i++) found.Add(((int)results[i].Algo, results[i].Status, results[i].Memory, results[i].Determinism));
                break;
            }
            case CudnnConvolutionRoutine.BackwardData:
            {
                var results = stackalloc CudnnConvolutionBwdDataAlgoPerf[Candidates];
                Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(cudnn.Handle, Filter.Handle, Feature.Handle, Convolution.Handle, Image.Handle,
                    Candidates, &returned, results));
                for (int i = 0; i < returned; i++) found.Add(((int)results[i].Algo, results[i].Status, results[i].Memory, results[i].Determinism));
                break;
            }
            default:
            {
                var results = stackalloc CudnnConvolutionBwdFilterAlgoPerf[Candidates];
                Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(cudnn.Handle, Image.Handle, Feature.Handle, Convolution.Handle, Filter.Handle,
                    Candidates, &returned, results));
                for (int i = 0; i < returned; i++) found.Add(((int)results[i].Algo, results[i].Status, results[i].Memory, results[i].Determinism));
                break;
            }
        }
        foreach (var candidate in found)
        {
            if (candidate.Status != CudnnStatus.Success) continue;
            if (deterministic && candidate.Determinism != CudnnDeterminism.Deterministic) continue;
            Algorithm = candidate.Algorithm;
            WorkspaceBytes = candidate.Memory;
            Deterministic = candidate.Determinism == CudnnDeterminism.Deterministic;
            return;
        }
        throw new DcganException($"cuDNN offers no {(deterministic ? "deterministic " : "")}algorithm for the {Routine} convolution of " +
            $"[{string.Join(", ", Shape.ImageDims)}] with filter [{string.Join(", ", Shape.FilterDims)}] ({found.Count} rated)");
    }

    public void Dispose()
    {
        Image?.Dispose();
        Feature?.Dispose();
        Filter?.Dispose();
        Convolution?.Dispose();
    }
}
