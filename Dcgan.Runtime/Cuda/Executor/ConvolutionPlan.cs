using System.Text.RegularExpressions;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// One convolution of a program as cuDNN runs it: its tensor, filter and convolution descriptors (made once) and the
/// algorithm chosen once at start-up, with the workspace it needs (at most the limit <see cref="ConvolutionWorkspace"/>
/// sets). Speed mode: default math (TF32 allowed) and the fastest algorithm cuDNN's Find search measures
/// (cudnnFind*Algorithm, which tries them on buffers of its own); parity mode: FMA math and the first deterministic
/// algorithm cuDNN's heuristics rate (cudnnGet*Algorithm_v7).
/// </summary>
public sealed unsafe partial class ConvolutionPlan : IDisposable
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
        Math = math;
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
    /// <summary>The math type the convolution descriptor carries (the chosen row's, in speed mode).</summary>
    public CudnnMathType Math { get; private set; }
    public GpuMode Mode { get; private set; }

    /// <summary>The plan for <paramref name="routine"/> on <paramref name="shape"/> in <paramref name="mode"/>, its workspace at most <paramref name="workspaceLimit"/>.</summary>
    public static ConvolutionPlan Choose(CudnnHandle cudnn, CudnnConvolutionRoutine routine, CudnnConvolution shape, GpuMode mode, ulong workspaceLimit)
    {
        var plan = new ConvolutionPlan(routine, shape, mode == GpuMode.Speed ? CudnnMathType.DefaultMath : CudnnMathType.FmaMath) { Mode = mode };
        try
        {
            plan.ChooseAlgorithm(cudnn, workspaceLimit);
            return plan;
        }
        catch
        {
            plan.Dispose();
            throw;
        }
    }

    /// <summary>What config.json records of this plan.</summary>
    public ConvolutionChoice Choice => new(Routine, Shape.ImageDims, Shape.FilterDims, Shape.FeatureDims, Shape.Padding, Shape.Stride,
        AlgorithmName(Routine, Algorithm), Algorithm, WorkspaceBytes, Deterministic, Math, Mode == GpuMode.Speed ? "find" : "heuristics");

    /// <summary>cuDNN's name of algorithm <paramref name="number"/> of <paramref name="routine"/>: CUDNN_CONVOLUTION_BWD_DATA_ALGO_1.</summary>
    public static string AlgorithmName(CudnnConvolutionRoutine routine, int number)
    {
        var (prefix, name) = routine switch
        {
            CudnnConvolutionRoutine.Forward => ("FWD", Enum.GetName((CudnnConvolutionFwdAlgo)number)),
            CudnnConvolutionRoutine.BackwardData => ("BWD_DATA", Enum.GetName((CudnnConvolutionBwdDataAlgo)number)),
            _ => ("BWD_FILTER", Enum.GetName((CudnnConvolutionBwdFilterAlgo)number)),
        };
        return name is null ? $"CUDNN_CONVOLUTION_{prefix}_ALGO {number}" : $"CUDNN_CONVOLUTION_{prefix}_ALGO_{WordBreak().Replace(name, "_").ToUpperInvariant()}";
    }

    [GeneratedRegex("(?<=[a-z])(?=[A-Z0-9])")]
    private static partial Regex WordBreak();

    private void ChooseAlgorithm(CudnnHandle cudnn, ulong workspaceLimit)
    {
        bool find = Mode == GpuMode.Speed;
        var rows = find ? Find(cudnn) : Rate(cudnn);
        var chosen = AlgorithmCandidate.First(rows, deterministicOnly: !find, workspaceLimit)
            ?? throw new DcganException($"cuDNN offers no {(find ? "" : "deterministic ")}algorithm within {workspaceLimit >> 20} MiB of workspace for the {Routine} " +
                $"convolution of [{string.Join(", ", Shape.ImageDims)}] with filter [{string.Join(", ", Shape.FilterDims)}] ({rows.Count} {(find ? "measured" : "rated")})");
        Algorithm = chosen.Algorithm;
        WorkspaceBytes = chosen.WorkspaceBytes;
        Deterministic = chosen.Determinism == CudnnDeterminism.Deterministic;
        // A Find search may have measured the algorithm with tensor cores under default math: the descriptor says so.
        if (find && chosen.Math != Math)
        {
            Cudnn.Check(Cudnn.cudnnSetConvolutionMathType(Convolution.Handle, chosen.Math));
            Math = chosen.Math;
        }
    }

    /// <summary>cuDNN's heuristics' rows, best rated first.</summary>
    private List<AlgorithmCandidate> Rate(CudnnHandle cudnn)
    {
        int returned;
        switch (Routine)
        {
            case CudnnConvolutionRoutine.Forward:
            {
                var results = stackalloc CudnnConvolutionFwdAlgoPerf[Candidates];
                Cudnn.Check(Cudnn.cudnnGetConvolutionForwardAlgorithm_v7(cudnn.Handle, Image.Handle, Filter.Handle, Convolution.Handle, Feature.Handle,
                    Candidates, &returned, results));
                return Rows(new ReadOnlySpan<CudnnConvolutionFwdAlgoPerf>(results, returned));
            }
            case CudnnConvolutionRoutine.BackwardData:
            {
                var results = stackalloc CudnnConvolutionBwdDataAlgoPerf[Candidates];
                Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(cudnn.Handle, Filter.Handle, Feature.Handle, Convolution.Handle, Image.Handle,
                    Candidates, &returned, results));
                return Rows(new ReadOnlySpan<CudnnConvolutionBwdDataAlgoPerf>(results, returned));
            }
            default:
            {
                var results = stackalloc CudnnConvolutionBwdFilterAlgoPerf[Candidates];
                Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(cudnn.Handle, Image.Handle, Feature.Handle, Convolution.Handle, Filter.Handle,
                    Candidates, &returned, results));
                return Rows(new ReadOnlySpan<CudnnConvolutionBwdFilterAlgoPerf>(results, returned));
            }
        }
    }

    /// <summary>cuDNN's Find search's rows, fastest measured first.</summary>
    private List<AlgorithmCandidate> Find(CudnnHandle cudnn)
    {
        int returned;
        switch (Routine)
        {
            case CudnnConvolutionRoutine.Forward:
            {
                var results = stackalloc CudnnConvolutionFwdAlgoPerf[Candidates];
                Cudnn.Check(Cudnn.cudnnFindConvolutionForwardAlgorithm(cudnn.Handle, Image.Handle, Filter.Handle, Convolution.Handle, Feature.Handle,
                    Candidates, &returned, results));
                return Rows(new ReadOnlySpan<CudnnConvolutionFwdAlgoPerf>(results, returned));
            }
            case CudnnConvolutionRoutine.BackwardData:
            {
                var results = stackalloc CudnnConvolutionBwdDataAlgoPerf[Candidates];
                Cudnn.Check(Cudnn.cudnnFindConvolutionBackwardDataAlgorithm(cudnn.Handle, Filter.Handle, Feature.Handle, Convolution.Handle, Image.Handle,
                    Candidates, &returned, results));
                return Rows(new ReadOnlySpan<CudnnConvolutionBwdDataAlgoPerf>(results, returned));
            }
            default:
            {
                var results = stackalloc CudnnConvolutionBwdFilterAlgoPerf[Candidates];
                Cudnn.Check(Cudnn.cudnnFindConvolutionBackwardFilterAlgorithm(cudnn.Handle, Image.Handle, Feature.Handle, Convolution.Handle, Filter.Handle,
                    Candidates, &returned, results));
                return Rows(new ReadOnlySpan<CudnnConvolutionBwdFilterAlgoPerf>(results, returned));
            }
        }
    }

    private static List<AlgorithmCandidate> Rows(ReadOnlySpan<CudnnConvolutionFwdAlgoPerf> results)
    {
        var rows = new List<AlgorithmCandidate>(results.Length);
        foreach (var r in results) rows.Add(new((int)r.Algo, r.Status, r.Time, r.Memory, r.Determinism, r.MathType));
        return rows;
    }

    private static List<AlgorithmCandidate> Rows(ReadOnlySpan<CudnnConvolutionBwdDataAlgoPerf> results)
    {
        var rows = new List<AlgorithmCandidate>(results.Length);
        foreach (var r in results) rows.Add(new((int)r.Algo, r.Status, r.Time, r.Memory, r.Determinism, r.MathType));
        return rows;
    }

    private static List<AlgorithmCandidate> Rows(ReadOnlySpan<CudnnConvolutionBwdFilterAlgoPerf> results)
    {
        var rows = new List<AlgorithmCandidate>(results.Length);
        foreach (var r in results) rows.Add(new((int)r.Algo, r.Status, r.Time, r.Memory, r.Determinism, r.MathType));
        return rows;
    }

    public void Dispose()
    {
        Image?.Dispose();
        Feature?.Dispose();
        Filter?.Dispose();
        Convolution?.Dispose();
    }
}
