using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// The smallest real use of each piece a GPU run needs, on one GPU, each checked against values computed here:
/// the primary context; a kernel compiled by NVRTC for the GPU's architecture, launched, then captured into a CUDA
/// graph and replayed; a cuBLAS SGEMM; a cuDNN convolution. The values are small integers, exact in FP32, so the
/// comparisons are exact. Loading a library proves little; this is what <c>doctor</c> means by "works".
/// </summary>
public static class GpuSmokeTest
{
    /// <summary>One check: its name and, when it failed, why (null when it passed).</summary>
    public sealed record Step(string Name, string? Problem);

    private const string KernelSource = """
        extern "C" __global__ void dcgan_doctor_affine(float* data, float factor, int count)
        {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < count) data[i] = data[i] * factor + 1.0f;
        }
        """;

    public static IReadOnlyList<Step> Run(GpuDevice device)
    {
        const string setup = "context and stream";
        PrimaryContext context;
        try
        {
            context = PrimaryContext.Retain(device.Ordinal);
        }
        catch (DcganException e)
        {
            return [new Step(setup, e.Message)];
        }
        using (context)
        {
            CudaStream stream;
            try
            {
                stream = CudaStream.Create(context);
            }
            catch (DcganException e)
            {
                return [new Step(setup, e.Message)];
            }
            using (stream)
                return
                [
                    new Step(setup, null),
                    Try("NVRTC kernel and CUDA graph", () => KernelAndGraph(device, stream)),
                    Try("cuBLAS SGEMM", () => Sgemm(stream)),
                    Try("cuDNN convolution", () => Convolution(stream)),
                ];
        }
    }

    private static Step Try(string name, Func<string?> check)
    {
        try
        {
            return new Step(name, check());
        }
        catch (DcganException e)
        {
            return new Step(name, e.Message);
        }
    }

    /// <summary>x -> 2x + 1 once by a launch, then twice more by replaying a graph captured from one launch.</summary>
    private static unsafe string? KernelAndGraph(GpuDevice device, CudaStream stream)
    {
        int[] supported = NvrtcProgram.SupportedArchitectures();
        if (!supported.Contains(device.Architecture))
            return $"this NVRTC cannot compile for sm_{device.Architecture} (it supports sm_{supported.Min()} to sm_{supported.Max()}); a newer CUDA release is needed";
        byte[] cubin;
        using (var program = NvrtcProgram.Create(KernelSource, "dcgan_doctor.cu"))
            cubin = program.CompileToCubin(device.Architecture);
        using var module = CudaModule.Load(stream.Context, cubin);
        nint kernel = module.Function("dcgan_doctor_affine");

        const int count = 64;
        var values = Enumerable.Range(0, count).Select(i => (float)i).ToArray();
        using var data = DeviceBuffer.Allocate(stream.Context, count * sizeof(float));
        data.Upload<float>(values, stream);
        ulong pointer = data.Pointer;
        float factor = 2;
        int length = count;
        void** arguments = stackalloc void*[] { &pointer, &factor, &length };
        void Launch() => CudaDriver.Check(CudaDriver.cuLaunchKernel(kernel, 1, 1, 1, count, 1, 1, 0, stream.Handle, arguments, null));

        Launch();
        stream.BeginCapture();
        Launch();
        using (var graph = stream.EndCapture())
        using (var replay = graph.Instantiate())
        {
            replay.Launch(stream);
            replay.Launch(stream);
        }
        var result = new float[count];
        data.Download<float>(result, stream);
        return FirstMismatch(result, values.Select(x => ((x * 2 + 1) * 2 + 1) * 2 + 1).ToArray());
    }

    /// <summary>C (2x2) = A (2x3) B (3x2), column-major as cuBLAS reads them.</summary>
    private static unsafe string? Sgemm(CudaStream stream)
    {
        float[] a = [1, 4, 2, 5, 3, 6], b = [7, 9, 11, 8, 10, 12];
        float[] expected = new float[4];
        for (int column = 0; column < 2; column++)
            for (int row = 0; row < 2; row++)
                for (int k = 0; k < 3; k++)
                    expected[column * 2 + row] += a[k * 2 + row] * b[column * 3 + k];

        using var cublas = CublasHandle.Create(stream);
        using var deviceA = DeviceBuffer.Allocate(stream.Context, sizeof(float) * 6);
        using var deviceB = DeviceBuffer.Allocate(stream.Context, sizeof(float) * 6);
        using var deviceC = DeviceBuffer.Allocate(stream.Context, sizeof(float) * 4);
        deviceA.Upload<float>(a, stream);
        deviceB.Upload<float>(b, stream);
        float one = 1, zero = 0;
        Cublas.Check(Cublas.cublasSgemm_v2(cublas.Handle, CublasOperation.N, CublasOperation.N, 2, 2, 3,
            &one, (float*)deviceA.Pointer, 2, (float*)deviceB.Pointer, 3, &zero, (float*)deviceC.Pointer, 2));
        var result = new float[4];
        deviceC.Download<float>(result, stream);
        return FirstMismatch(result, expected);
    }

    /// <summary>A 4x4 image (0..15) cross-correlated with a 3x3 filter (1..9), padding 1: PyTorch's Conv2d.</summary>
    private static unsafe string? Convolution(CudaStream stream)
    {
        const int size = 4, taps = 3;
        var image = Enumerable.Range(0, size * size).Select(i => (float)i).ToArray();
        var filter = Enumerable.Range(1, taps * taps).Select(i => (float)i).ToArray();
        var expected = new float[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                for (int i = 0; i < taps; i++)
                    for (int j = 0; j < taps; j++)
                        if (y + i - 1 is >= 0 and < size && x + j - 1 is >= 0 and < size)
                            expected[y * size + x] += image[(y + i - 1) * size + x + j - 1] * filter[i * taps + j];

        using var cudnn = CudnnHandle.Create(stream);
        using var tensor = CudnnTensorDescriptor.Create(1, 1, size, size);
        using var weights = CudnnFilterDescriptor.Create(1, 1, taps, taps);
        using var convolution = CudnnConvolutionDescriptor.Create(1, 1, 1, 1);
        using var input = DeviceBuffer.Allocate(stream.Context, sizeof(float) * size * size);
        using var kernel = DeviceBuffer.Allocate(stream.Context, sizeof(float) * taps * taps);
        using var output = DeviceBuffer.Allocate(stream.Context, sizeof(float) * size * size);
        input.Upload<float>(image, stream);
        kernel.Upload<float>(filter, stream);
        const CudnnConvolutionFwdAlgo algorithm = CudnnConvolutionFwdAlgo.ImplicitGemm;
        nuint workspaceBytes;
        Cudnn.Check(Cudnn.cudnnGetConvolutionForwardWorkspaceSize(cudnn.Handle, tensor.Handle, weights.Handle, convolution.Handle, tensor.Handle,
            algorithm, &workspaceBytes));
        using var workspace = workspaceBytes > 0 ? DeviceBuffer.Allocate(stream.Context, workspaceBytes) : null;
        float one = 1, zero = 0;
        Cudnn.Check(Cudnn.cudnnConvolutionForward(cudnn.Handle, &one, tensor.Handle, (void*)input.Pointer, weights.Handle, (void*)kernel.Pointer,
            convolution.Handle, algorithm, workspace is null ? null : (void*)workspace.Pointer, workspaceBytes, &zero, tensor.Handle, (void*)output.Pointer));
        var result = new float[size * size];
        output.Download<float>(result, stream);
        return FirstMismatch(result, expected);
    }

    private static string? FirstMismatch(float[] actual, float[] expected)
    {
        for (int i = 0; i < expected.Length; i++)
            if (actual[i] != expected[i])
                return $"wrong result: element {i} is {actual[i]}, expected {expected[i]}";
        return null;
    }
}
