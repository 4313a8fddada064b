using Dcgan.Models;
using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// Speed and parity mode on the stand-in. The stand-in's heuristics rank cuDNN's algorithms by number and its Find
/// search ranks them the other way round, and it reports backward data's ALGO_0 and backward filter's ALGO_0 and
/// ALGO_3 as not deterministic, as cuDNN documents: so the algorithm a plan records shows which search it followed.
/// </summary>
public sealed unsafe class GpuModeTests
{
    private const int Batch = 4;

    private static CudaGanDevice Open(string model, GpuMode mode) =>
        CudaGanDevice.Open(GanZoo.Models.Single(m => m.Definition.Name == model), Batch, seed: 3,
            new CudaExecutorOptions(Mode: mode, KernelCacheDirectory: ExecutorRun.KernelCacheDirectory));

    private static int AlgorithmCount(CudnnConvolutionRoutine routine) => routine switch
    {
        CudnnConvolutionRoutine.Forward => (int)CudnnConvolutionFwdAlgo.Count,
        CudnnConvolutionRoutine.BackwardData => (int)CudnnConvolutionBwdDataAlgo.Count,
        _ => (int)CudnnConvolutionBwdFilterAlgo.Count,
    };

    /// <summary>One fed step on random images: the plans chosen run.</summary>
    private static void StepOnce(CudaGanDevice gpu)
    {
        ParameterInit.Initialise(gpu.Host, gpu.Definition.Init, 11);
        gpu.Upload();
        var images = new byte[2 * Batch * gpu.Definition.ImageSize];
        new Random(3).NextBytes(images);
        gpu.UseDataset(images, 2 * Batch);
        gpu.StartEpoch();
        var result = gpu.TrainStep(0);
        Assert.True(float.IsFinite(result.DLoss) && float.IsFinite(result.GLoss), $"losses {result.DLoss}, {result.GLoss}");
    }

    [SkippableTheory]
    [InlineData("fc_conv_mnist")]
    [InlineData("conv4x4")]
    public void Speed_mode_takes_each_convolutions_algorithm_from_cuDNNs_find_search_with_default_math(string model)
    {
        StandIn.Require();
        using var gpu = Open(model, GpuMode.Speed);
        Assert.Equal(GpuMode.Speed, gpu.Mode);
        Assert.NotEmpty(gpu.Convolutions);
        foreach (var c in gpu.Convolutions)
        {
            Assert.Equal("find", c.Search);
            // Find's fastest is the highest-numbered algorithm; the heuristics would have given 0.
            Assert.Equal(AlgorithmCount(c.Routine) - 1, c.AlgorithmNumber);
            Assert.Equal(CudnnMathType.DefaultMath, c.Math);
            Assert.StartsWith("CUDNN_CONVOLUTION_", c.Algorithm);
            Assert.True(c.WorkspaceBytes <= ConvolutionWorkspace.MaxBytes);
        }
        StepOnce(gpu);
    }

    [SkippableFact]
    public void Parity_mode_takes_the_first_deterministic_algorithm_of_the_heuristics_with_fma_math()
    {
        StandIn.Require();
        using var gpu = Open("fc_conv_mnist", GpuMode.Parity);
        Assert.Equal(GpuMode.Parity, gpu.Mode);
        Assert.Contains(gpu.Convolutions, c => c.Routine == CudnnConvolutionRoutine.BackwardData);
        Assert.Contains(gpu.Convolutions, c => c.Routine == CudnnConvolutionRoutine.BackwardFilter);
        foreach (var c in gpu.Convolutions)
        {
            Assert.Equal("heuristics", c.Search);
            Assert.True(c.Deterministic, $"{c.Routine} {c.Algorithm} is not deterministic");
            Assert.Equal(CudnnMathType.FmaMath, c.Math);
            // The heuristics rate ALGO_0 first; the backward routines' ALGO_0 is not deterministic, so parity skips it.
            Assert.Equal(c.Routine == CudnnConvolutionRoutine.Forward ? 0 : 1, c.AlgorithmNumber);
        }
        StepOnce(gpu);
    }

    [Fact]
    public void The_choice_skips_failed_rows_rows_over_the_workspace_limit_and_in_parity_nondeterministic_ones()
    {
        AlgorithmCandidate Row(int algorithm, CudnnStatus status = CudnnStatus.Success, ulong workspace = 0, bool deterministic = true) =>
            new(algorithm, status, algorithm, workspace, deterministic ? CudnnDeterminism.Deterministic : CudnnDeterminism.NonDeterministic, CudnnMathType.DefaultMath);
        var rows = new[] { Row(7, CudnnStatus.NotSupported), Row(6, workspace: 2048), Row(5, deterministic: false), Row(4, workspace: 1024), Row(3) };
        Assert.Equal(6, AlgorithmCandidate.First(rows, deterministicOnly: false, workspaceLimit: 4096)!.Value.Algorithm);
        Assert.Equal(5, AlgorithmCandidate.First(rows, deterministicOnly: false, workspaceLimit: 1024)!.Value.Algorithm);
        Assert.Equal(4, AlgorithmCandidate.First(rows, deterministicOnly: true, workspaceLimit: 1024)!.Value.Algorithm);
        Assert.Equal(3, AlgorithmCandidate.First(rows, deterministicOnly: true, workspaceLimit: 0)!.Value.Algorithm);
        Assert.Null(AlgorithmCandidate.First(rows.Take(3), deterministicOnly: true, workspaceLimit: 0));
        Assert.Equal(ConvolutionWorkspace.MaxBytes, ConvolutionWorkspace.LimitBytes(80UL << 30));
        Assert.Equal(64UL << 20, ConvolutionWorkspace.LimitBytes(256UL << 20));
    }

    [SkippableFact]
    public void A_find_search_ranks_fastest_first_and_is_refused_while_a_stream_captures()
    {
        StandIn.Require();
        using var stream = CudaStream.Create(StandIn.Context);
        using var cudnn = CudnnHandle.Create(stream);
        using var x = CudnnTensorDescriptor.Create(2, 3, 6, 6);
        using var w = CudnnFilterDescriptor.Create(4, 3, 3, 3);
        using var convolution = CudnnConvolutionDescriptor.Create(1, 1, 1, 1);
        using var y = CudnnTensorDescriptor.Create(2, 4, 6, 6);
        var results = stackalloc CudnnConvolutionFwdAlgoPerf[16];
        int returned;
        Cudnn.Check(Cudnn.cudnnFindConvolutionForwardAlgorithm(cudnn.Handle, x.Handle, w.Handle, convolution.Handle, y.Handle, 16, &returned, results));
        Assert.Equal((int)CudnnConvolutionFwdAlgo.Count, returned);
        for (int i = 1; i < returned; i++) Assert.True(results[i - 1].Time <= results[i].Time, $"row {i} is faster than row {i - 1}");
        Assert.All(Enumerable.Range(0, returned), i => Assert.Equal(CudnnStatus.Success, results[i].Status));

        // Find allocates the buffers it tries the algorithms on: a capture forbids that, and is invalidated.
        stream.BeginCapture();
        var status = Cudnn.cudnnFindConvolutionForwardAlgorithm(cudnn.Handle, x.Handle, w.Handle, convolution.Handle, y.Handle, 16, &returned, results);
        Assert.Equal(CudnnStatus.InternalErrorDeviceAllocationFailed, status);
        var ended = Assert.Throws<CudaException>(() => stream.EndCapture());
        Assert.Equal((int)CudaResult.StreamCaptureInvalidated, ended.Status);
        stream.Synchronize();
    }
}
