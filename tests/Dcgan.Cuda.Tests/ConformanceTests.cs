using System.Text.Json;
using Dcgan.Runtime.Cuda;
using Dcgan.Runtime.Cuda.Native;
using Xunit.Abstractions;
using static Dcgan.Cuda.Tests.DeviceArrays;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// Every case of ../shared/cuda-conformance (PyTorch's float64 results) through the project's own bindings on the
/// stand-in: upload with DeviceBuffer, the cuBLAS or cuDNN call, download, held to the README's tolerance.
/// </summary>
public sealed unsafe class ConformanceTests(ITestOutputHelper output)
{
    private static int Int(JsonElement c, string name) => c.GetProperty(name).GetInt32();

    [SkippableFact]
    public void Sgemm_meets_the_tolerance_on_every_case()
    {
        var file = ConformanceFile.Open("sgemm");
        using var stream = CudaStream.Create(StandIn.Context);
        using var cublas = CublasHandle.Create(stream);
        var tolerance = new Tolerance();
        for (int i = 0; i < file.Cases.Count; i++)
        {
            var c = file.Cases[i];
            int m = Int(c, "m"), n = Int(c, "n"), k = Int(c, "k"), lda = Int(c, "lda"), ldb = Int(c, "ldb"), ldc = Int(c, "ldc");
            var opA = c.GetProperty("transa").GetString() == "T" ? CublasOperation.T : CublasOperation.N;
            var opB = c.GetProperty("transb").GetString() == "T" ? CublasOperation.T : CublasOperation.N;
            float alpha = c.GetProperty("alpha").GetSingle(), beta = c.GetProperty("beta").GetSingle();
            float[] cIn = file.Floats(i, "C_in");
            using var a = Upload(stream, file.Floats(i, "A"));
            using var b = Upload(stream, file.Floats(i, "B"));
            using var cOut = Upload(stream, cIn);
            Cublas.Check(Cublas.cublasSgemm_v2(cublas.Handle, opA, opB, m, n, k, &alpha, (float*)a.Pointer, lda, (float*)b.Pointer, ldb,
                &beta, (float*)cOut.Pointer, ldc));
            float[] got = Download(stream, cOut, cIn.Length);
            double[] expected = file.Tensor(i, "C_out"), magnitude = file.Tensor(i, "C_magnitude");
            for (int column = 0; column < n; column++)
            {
                var rows = new Range(column * ldc, column * ldc + m);
                tolerance.Products($"case{i}/C[:, {column}]", got.AsSpan(rows), expected[rows], magnitude[rows]);
                // Rows past m belong to no matrix element: cuBLAS leaves them as they were.
                for (int row = m; row < ldc && column * ldc + row < got.Length; row++)
                    Assert.Equal(BitConverter.SingleToInt32Bits(cIn[column * ldc + row]), BitConverter.SingleToInt32Bits(got[column * ldc + row]));
            }
        }
        output.WriteLine(tolerance.Summary(file.Name));
        tolerance.AssertMet(file.Name);
    }

    [SkippableFact]
    public void Convolution_forward_backward_data_and_backward_filter_meet_the_tolerance()
    {
        var file = ConformanceFile.Open("convolution");
        using var stream = CudaStream.Create(StandIn.Context);
        using var cudnn = CudnnHandle.Create(stream);
        var tolerance = new Tolerance();
        float one = 1, zero = 0;
        for (int i = 0; i < file.Cases.Count; i++)
        {
            var c = file.Cases[i];
            int n = Int(c, "n"), channels = Int(c, "c"), h = Int(c, "h"), w = Int(c, "w"), k = Int(c, "k"), r = Int(c, "r"), s = Int(c, "s");
            int p = Int(c, "out_h"), q = Int(c, "out_w");
            using var xDesc = CudnnTensorDescriptor.Create(n, channels, h, w);
            using var yDesc = CudnnTensorDescriptor.Create(n, k, p, q);
            using var wDesc = CudnnFilterDescriptor.Create(k, channels, r, s);
            using var conv = CudnnConvolutionDescriptor.Create(Int(c, "pad_h"), Int(c, "pad_w"), Int(c, "stride_h"), Int(c, "stride_w"));
            using var x = Upload(stream, file.Floats(i, "x"));
            using var filter = Upload(stream, file.Floats(i, "w"));
            using var dy = Upload(stream, file.Floats(i, "dy"));
            long xCount = (long)n * channels * h * w, yCount = (long)n * k * p * q, wCount = (long)k * channels * r * s;

            using var y = Poisoned(stream, yCount);
            Cudnn.Check(Cudnn.cudnnConvolutionForward(cudnn.Handle, &one, xDesc.Handle, Address(x), wDesc.Handle, Address(filter), conv.Handle,
                CudnnConvolutionFwdAlgo.ImplicitGemm, null, 0, &zero, yDesc.Handle, Address(y)));
            tolerance.Products($"case{i}/y", Download(stream, y, yCount), file.Tensor(i, "y"), file.Tensor(i, "y_magnitude"));

            using var dx = Poisoned(stream, xCount);
            Cudnn.Check(Cudnn.cudnnConvolutionBackwardData(cudnn.Handle, &one, wDesc.Handle, Address(filter), yDesc.Handle, Address(dy), conv.Handle,
                CudnnConvolutionBwdDataAlgo.Algo1, null, 0, &zero, xDesc.Handle, Address(dx)));
            tolerance.Products($"case{i}/dx", Download(stream, dx, xCount), file.Tensor(i, "dx"), file.Tensor(i, "dx_magnitude"));

            using var dw = Poisoned(stream, wCount);
            Cudnn.Check(Cudnn.cudnnConvolutionBackwardFilter(cudnn.Handle, &one, xDesc.Handle, Address(x), yDesc.Handle, Address(dy), conv.Handle,
                CudnnConvolutionBwdFilterAlgo.Algo1, null, 0, &zero, wDesc.Handle, Address(dw)));
            tolerance.Products($"case{i}/dw", Download(stream, dw, wCount), file.Tensor(i, "dw"), file.Tensor(i, "dw_magnitude"));

            using var accumulated = Upload(stream, file.Floats(i, "dw_prior"));
            Cudnn.Check(Cudnn.cudnnConvolutionBackwardFilter(cudnn.Handle, &one, xDesc.Handle, Address(x), yDesc.Handle, Address(dy), conv.Handle,
                CudnnConvolutionBwdFilterAlgo.Algo1, null, 0, &one, wDesc.Handle, Address(accumulated)));
            tolerance.Products($"case{i}/dw_accumulated", Download(stream, accumulated, wCount), file.Tensor(i, "dw_accumulated"),
                file.Tensor(i, "dw_accumulated_magnitude"));
        }
        output.WriteLine(tolerance.Summary(file.Name));
        tolerance.AssertMet(file.Name);
    }

    [SkippableFact]
    public void Transposed_convolution_as_backward_data_meets_the_tolerance()
    {
        var file = ConformanceFile.Open("transposed_convolution");
        using var stream = CudaStream.Create(StandIn.Context);
        using var cudnn = CudnnHandle.Create(stream);
        var tolerance = new Tolerance();
        float one = 1, zero = 0;
        for (int i = 0; i < file.Cases.Count; i++)
        {
            var c = file.Cases[i];
            int n = Int(c, "n"), input = Int(c, "in_channels"), h = Int(c, "h"), w = Int(c, "w"), outputs = Int(c, "out_channels");
            int r = Int(c, "r"), s = Int(c, "s"), outH = Int(c, "out_h"), outW = Int(c, "out_w");
            // dy := x [n, in, h, w]; filter := w [K = in, C = out, R, S]; dx := y [n, out, out_h, out_w].
            using var dyDesc = CudnnTensorDescriptor.Create(n, input, h, w);
            using var dxDesc = CudnnTensorDescriptor.Create(n, outputs, outH, outW);
            using var wDesc = CudnnFilterDescriptor.Create(input, outputs, r, s);
            using var conv = CudnnConvolutionDescriptor.Create(Int(c, "pad_h"), Int(c, "pad_w"), Int(c, "stride_h"), Int(c, "stride_w"));
            using var x = Upload(stream, file.Floats(i, "x"));
            using var filter = Upload(stream, file.Floats(i, "w"));
            long yCount = (long)n * outputs * outH * outW;
            using var y = Poisoned(stream, yCount);
            Cudnn.Check(Cudnn.cudnnConvolutionBackwardData(cudnn.Handle, &one, wDesc.Handle, Address(filter), dyDesc.Handle, Address(x), conv.Handle,
                CudnnConvolutionBwdDataAlgo.Algo1, null, 0, &zero, dxDesc.Handle, Address(y)));
            tolerance.Products($"case{i}/y", Download(stream, y, yCount), file.Tensor(i, "y"), file.Tensor(i, "y_magnitude"));
        }
        output.WriteLine(tolerance.Summary(file.Name));
        tolerance.AssertMet(file.Name);
    }

    [SkippableFact]
    public void Batch_norm_training_backward_and_inference_meet_the_tolerance()
    {
        var file = ConformanceFile.Open("batch_norm");
        using var stream = CudaStream.Create(StandIn.Context);
        using var cudnn = CudnnHandle.Create(stream);
        var tolerance = new Tolerance();
        float one = 1, zero = 0;
        const CudnnBatchNormMode mode = CudnnBatchNormMode.Spatial;
        for (int i = 0; i < file.Cases.Count; i++)
        {
            var c = file.Cases[i];
            int n = Int(c, "n"), channels = Int(c, "c"), h = Int(c, "h"), w = Int(c, "w");
            double epsilon = c.GetProperty("epsilon").GetDouble(), factor = c.GetProperty("exponential_average_factor").GetDouble();
            long count = (long)n * channels * h * w;
            using var xDesc = CudnnTensorDescriptor.Create(n, channels, h, w);
            using var parameterDesc = CudnnTensorDescriptor.ForBatchNorm(xDesc, mode);
            using var x = Upload(stream, file.Floats(i, "x"));
            using var dy = Upload(stream, file.Floats(i, "dy"));
            using var scale = Upload(stream, file.Floats(i, "scale"));
            using var bias = Upload(stream, file.Floats(i, "bias"));
            using var runningMean = Upload(stream, file.Floats(i, "running_mean_in"));
            using var runningVariance = Upload(stream, file.Floats(i, "running_var_in"));
            using var savedMean = Poisoned(stream, channels);
            using var savedInvVariance = Poisoned(stream, channels);
            using var y = Poisoned(stream, count);

            Cudnn.Check(Cudnn.cudnnBatchNormalizationForwardTraining(cudnn.Handle, mode, &one, &zero, xDesc.Handle, Address(x), xDesc.Handle, Address(y),
                parameterDesc.Handle, Address(scale), Address(bias), factor, Address(runningMean), Address(runningVariance), epsilon,
                Address(savedMean), Address(savedInvVariance)));
            tolerance.BatchNorm($"case{i}/y", Download(stream, y, count), file.Tensor(i, "y"));
            tolerance.BatchNorm($"case{i}/running_mean_out", Download(stream, runningMean, channels), file.Tensor(i, "running_mean_out"));
            tolerance.BatchNorm($"case{i}/running_var_out", Download(stream, runningVariance, channels), file.Tensor(i, "running_var_out"));
            tolerance.BatchNorm($"case{i}/saved_mean", Download(stream, savedMean, channels), file.Tensor(i, "saved_mean"));
            tolerance.BatchNorm($"case{i}/saved_inv_variance", Download(stream, savedInvVariance, channels), file.Tensor(i, "saved_inv_variance"));

            using var dx = Poisoned(stream, count);
            using var dscale = Poisoned(stream, channels);
            using var dbias = Poisoned(stream, channels);
            Cudnn.Check(Cudnn.cudnnBatchNormalizationBackward(cudnn.Handle, mode, &one, &zero, &one, &zero, xDesc.Handle, Address(x), xDesc.Handle,
                Address(dy), xDesc.Handle, Address(dx), parameterDesc.Handle, Address(scale), Address(dscale), Address(dbias), epsilon,
                Address(savedMean), Address(savedInvVariance)));
            tolerance.BatchNorm($"case{i}/dx", Download(stream, dx, count), file.Tensor(i, "dx"));
            tolerance.BatchNorm($"case{i}/dscale", Download(stream, dscale, channels), file.Tensor(i, "dscale"));
            tolerance.BatchNorm($"case{i}/dbias", Download(stream, dbias, channels), file.Tensor(i, "dbias"));

            using var meanIn = Upload(stream, file.Floats(i, "running_mean_in"));
            using var varianceIn = Upload(stream, file.Floats(i, "running_var_in"));
            using var inference = Poisoned(stream, count);
            Cudnn.Check(Cudnn.cudnnBatchNormalizationForwardInference(cudnn.Handle, mode, &one, &zero, xDesc.Handle, Address(x), xDesc.Handle,
                Address(inference), parameterDesc.Handle, Address(scale), Address(bias), Address(meanIn), Address(varianceIn), epsilon));
            tolerance.BatchNorm($"case{i}/y_inference", Download(stream, inference, count), file.Tensor(i, "y_inference"));
        }
        output.WriteLine(tolerance.Summary(file.Name));
        tolerance.AssertMet(file.Name);
    }
}
