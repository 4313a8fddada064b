using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// The GPU backend: the generated device programs (<see cref="GanDefinition.DeviceFeed"/>, <see cref="GanDefinition.DeviceProgram"/>,
/// the sampling programs) run through the generated kernels (compiled by NVRTC through <see cref="KernelCache"/>),
/// cuBLAS and cuDNN on memory allocated once from the build-time plan. A fed step gathers its batch and draws its
/// latents on the device; it runs eagerly once, then as one captured CUDA graph per step, and its three loss terms,
/// counters and D's outputs come back through pinned memory with one synchronisation. <see cref="Host"/> is the
/// checkpointable mirror: <see cref="Download"/> fills it, <see cref="Upload"/> sends it, bit for bit.
/// </summary>
public sealed unsafe class CudaGanDevice : IGanDevice
{
    private const int BlocksPerMultiprocessor = 8;

    private readonly PrimaryContext _context;
    private readonly CudaStream _stream;
    private readonly CublasHandle _cublas;
    private readonly DeviceBuffer _cublasWorkspace;
    private readonly CudnnHandle _cudnn;
    private readonly GanDeviceMemory _memory;
    private readonly CudaModule _module;
    private readonly Dictionary<(CudnnConvolutionRoutine, Cpu.ConvGeometry), ConvolutionPlan> _convolutions = [];
    private readonly DeviceBuffer? _convolutionWorkspace;
    private readonly DeviceBuffer? _counterSnapshot;
    private readonly PinnedBuffer _readback;
    private readonly ExecutorResources _resources;
    private readonly StepGraph _fedStep, _hostInputStep;
    private readonly Dictionary<BatchNormMode, PreparedProgram> _samplers = [];
    private readonly ulong _seed;
    private BatchSource? _data;
    private int _batchIndex;
    private ulong _latentCounter;

    // The pinned readback: the loss terms, then the counters, then D's outputs on real and fake images.
    private const int LossesAt = 0, CountersAt = 16;
    private int DRealAt => CountersAt + GanDeviceMemory.CounterCount * sizeof(ulong);
    private int DFakeAt => DRealAt + (int)Definition.DReal.LengthPerSample * Batch * sizeof(float);

    private CudaGanDevice(IGanModel model, int batch, ulong seed, CudaExecutorOptions options, List<IDisposable> made)
    {
        Definition = model.Definition;
        _seed = seed;
        Host = new GanState(Definition, batch) { Seed = seed };
        made.Add(Host);
        Gpu = GpuDevice.Read(options.Ordinal);
        _context = PrimaryContext.Retain(options.Ordinal);
        made.Add(_context);
        _stream = CudaStream.Create(_context);
        made.Add(_stream);
        CheckMemory(batch);
        Mode = options.Mode;
        _cublas = CublasHandle.Create(_stream, Mode == GpuMode.Speed ? CublasMath.Tf32TensorOpMath : CublasMath.DefaultMath);
        made.Add(_cublas);
        // A workspace of cuBLAS's own, so a captured GEMM never allocates (NVIDIA recommends 32 MiB on Hopper, 4 MiB before).
        _cublasWorkspace = DeviceBuffer.Allocate(_context, CublasWorkspaceBytes(Gpu));
        made.Add(_cublasWorkspace);
        Cublas.Check(Cublas.cublasSetWorkspace_v2(_cublas.Handle, (void*)_cublasWorkspace.Pointer, (nuint)_cublasWorkspace.Bytes));
        _cudnn = CudnnHandle.Create(_stream);
        made.Add(_cudnn);
        _memory = new GanDeviceMemory(_context, Definition, batch);
        made.Add(_memory);

        var cache = new KernelCache(options.KernelCacheDirectory ?? KernelCache.DefaultDirectory(), NvrtcCompiler.Compile);
        CudaSourceDump.Write(Definition);
        _module = CudaModule.Load(_context, cache.Get(NvrtcCompiler.Request(Definition.CudaSource, Gpu.Architecture)));
        made.Add(_module);
        var kernels = Definition.CudaKernels.ToDictionary(k => k.Name, k => (k, _module.Function(k.Name)));

        ulong workspaceLimit = ConvolutionWorkspace.LimitBytes(_context.MemoryInfo().Free);
        foreach (var op in Programs.SelectMany(p => p).Where(op => op.Kind == DeviceOpKind.Convolution))
        {
            var (routine, shape) = op.ConvolutionFor(batch);
            if (_convolutions.ContainsKey((routine, shape.Geometry))) continue;
            var plan = ConvolutionPlan.Choose(_cudnn, routine, shape, Mode, workspaceLimit);
            made.Add(plan);
            _convolutions[(routine, shape.Geometry)] = plan;
        }
        ulong workspace = _convolutions.Values.Select(p => p.WorkspaceBytes).DefaultIfEmpty(0UL).Max();
        if (workspace > 0)
        {
            _convolutionWorkspace = DeviceBuffer.Allocate(_context, workspace);
            made.Add(_convolutionWorkspace);
        }
        if (options.Fault == ExecutorFault.CountersReadAtCapture)
        {
            _counterSnapshot = DeviceBuffer.Allocate(_context, _memory.Counters.Bytes);
            made.Add(_counterSnapshot);
        }
        _readback = PinnedBuffer.Allocate(_context, (ulong)DFakeAt + (ulong)(Definition.DFake.LengthPerSample * batch * sizeof(float)));
        made.Add(_readback);

        _resources = new ExecutorResources(_memory, kernels, _cublas, _cudnn, _convolutions, _convolutionWorkspace,
            Math.Max(1, Gpu.Multiprocessors * BlocksPerMultiprocessor), options.Fault, _counterSnapshot);
        _fedStep = new StepGraph("fed step", settings => PrepareStep(Definition.DeviceFeed.Concat(Definition.DeviceProgram), settings), options.Fault);
        made.Add(_fedStep);
        _hostInputStep = new StepGraph("step on host inputs", settings => PrepareStep(Definition.DeviceProgram, settings), options.Fault);
        made.Add(_hostInputStep);
        Upload();
    }

    /// <summary>Opens <paramref name="model"/> on GPU <see cref="CudaExecutorOptions.Ordinal"/>; a failure says what was missing.</summary>
    public static CudaGanDevice Open(IGanModel model, int batch, ulong seed, CudaExecutorOptions? options = null)
    {
        options ??= new CudaExecutorOptions();
        if (model.Definition.DeviceProgram.Count == 0 || model.Definition.DeviceFeed.Count == 0)
            throw new DcganException($"{model.Definition.Name} has no device program: rebuild it with this version of the generator");
        var probe = GpuProbe.Run();
        if (!probe.Usable) throw new DcganException($"no usable GPU: {probe.Describe()} (dcgan-cli doctor checks a GPU setup)");
        if (options.Ordinal < 0 || options.Ordinal >= probe.Devices.Count)
            throw new DcganException($"cuda:{options.Ordinal}: this machine has {probe.Devices.Count} GPU{(probe.Devices.Count == 1 ? "" : "s")} (cuda:0{(probe.Devices.Count > 1 ? $" to cuda:{probe.Devices.Count - 1}" : "")})");
        var made = new List<IDisposable>();
        try
        {
            return new CudaGanDevice(model, batch, seed, options, made);
        }
        catch
        {
            for (int i = made.Count - 1; i >= 0; i--) made[i].Dispose();
            throw;
        }
    }

    public GanDefinition Definition { get; }
    public int Batch => Host.Batch;
    public GpuDevice Gpu { get; }
    public string Name => $"cuda:{Gpu.Ordinal} {Gpu.Name}";
    public GanState Host { get; }
    public GpuMode Mode { get; }

    /// <summary>Each distinct convolution's routine, shape, algorithm and workspace, as chosen at start-up.</summary>
    public IReadOnlyList<ConvolutionChoice> Convolutions => [.. _convolutions.Values.Select(p => p.Choice)];

    /// <summary>What one training step puts on the stream: the fed step's (<paramref name="fed"/>) or the step's on host inputs.</summary>
    public StepLaunchProfile LaunchProfile(bool fed)
    {
        using var program = PrepareStep(fed ? Definition.DeviceFeed.Concat(Definition.DeviceProgram) : Definition.DeviceProgram, StepSettings.Of(Host));
        return StepLaunchProfile.Of(program, Definition.CudaKernels, Batch);
    }

    /// <summary>Eager steps, graph captures and replays of the fed step (the tests read them).</summary>
    public (int Eager, int Captures, int Replays) FedStepRuns => (_fedStep.EagerSteps, _fedStep.Captures, _fedStep.Replays);

    private IEnumerable<IReadOnlyList<DeviceOp>> Programs =>
        [Definition.DeviceFeed, Definition.DeviceProgram, Definition.DeviceSample, Definition.DeviceSampleTraining];

    public void Upload()
    {
        _stream.Synchronize();
        foreach (var (host, device) in MirroredBuffers()) device.Upload<float>(host.AsSpan(), _stream);
        WriteCounters();
    }

    public void Download()
    {
        _stream.Synchronize();
        foreach (var (host, device) in MirroredBuffers()) device.Download<float>(host.AsSpan(), _stream);
        Span<float> losses = stackalloc float[GanDeviceMemory.LossCount];
        _memory.Losses.Download(losses, _stream);
        SetLosses(losses);
        Span<ulong> counters = stackalloc ulong[GanDeviceMemory.CounterCount];
        _memory.Counters.Download(counters, _stream);
        SetCounters(counters);
    }

    /// <summary>Each float buffer of <see cref="Host"/> beside the device buffer it mirrors.</summary>
    private IEnumerable<(NativeBuffer Host, DeviceBuffer Device)> MirroredBuffers()
    {
        yield return (Host.Arena, _memory.Arena);
        yield return (Host.Scratch, _memory.Scratch);
        foreach (var net in new[] { Net.Generator, Net.Discriminator })
        {
            var state = Host.Network(net);
            yield return (state.Parameters, _memory.Network(DeviceMemory.Parameters, net));
            yield return (state.Gradients, _memory.Network(DeviceMemory.Gradients, net));
            yield return (state.AdamM, _memory.Network(DeviceMemory.AdamM, net));
            yield return (state.AdamV, _memory.Network(DeviceMemory.AdamV, net));
            yield return (state.Statistics, _memory.Network(DeviceMemory.Statistics, net));
        }
    }

    public void UseDataset(byte[] images, int count)
    {
        long bytes = (long)count * Definition.ImageSize;
        if (images.LongLength < bytes) throw new ArgumentException($"{images.Length} bytes hold fewer than {count} images of {Definition.ImageSize}", nameof(images));
        _data = new BatchSource(images, count, Definition.ImageSize, Definition.Pixels, _seed);
        _memory.AllocateDataset(bytes, count);
        _memory.Dataset!.Upload<byte>(images.AsSpan(0, (int)bytes), _stream);
    }

    public void StartEpoch()
    {
        var data = _data ?? throw new InvalidOperationException("no dataset: UseDataset comes before the fed step");
        data.StartEpoch();
        _stream.Synchronize();
        _memory.Order!.Upload(data.Order, _stream);
        _batchIndex = 0;
        WriteCounters();
    }

    public ulong LatentCounter
    {
        get => _latentCounter;
        set
        {
            _latentCounter = value;
            WriteCounters();
        }
    }

    public StepResult TrainStep(int batchIndex)
    {
        if (_data is null) throw new InvalidOperationException("no dataset: UseDataset comes before the fed step");
        if ((long)(batchIndex + 1) * Batch > _data.Count) throw new ArgumentOutOfRangeException(nameof(batchIndex), $"batch {batchIndex} of {Batch} leaves the {_data.Count} images");
        if (batchIndex != _batchIndex)
        {
            _batchIndex = batchIndex;
            WriteCounters();
        }
        _fedStep.Run(_stream, StepSettings.Of(Host));
        return FinishStep();
    }

    public StepResult TrainStepOnHostInputs()
    {
        _stream.Synchronize();
        foreach (var slot in new[] { Definition.Real, Definition.LatentD, Definition.LatentG })
        {
            long start = slot.OffsetPerSample * Batch, length = slot.LengthPerSample * Batch;
            CudaDriver.Check(CudaDriver.cuMemcpyHtoDAsync_v2(_memory.Arena.Pointer + (ulong)start * sizeof(float), Host.Arena.Pointer + start,
                (nuint)(length * sizeof(float)), _stream.Handle));
        }
        _hostInputStep.Run(_stream, StepSettings.Of(Host));
        return FinishStep();
    }

    public void Generate(ReadOnlySpan<float> latents, Span<float> images, BatchNormMode batchNorm = BatchNormMode.Eval)
    {
        int latentSize = Definition.LatentSize, imageSize = Definition.ImageSize;
        int count = latents.Length / latentSize;
        if (batchNorm == BatchNormMode.Train && count % Batch != 0)
            throw new ArgumentException($"{count} latent vectors do not fill batches of {Batch}: training-mode batch norm would normalise the padding too", nameof(latents));
        if (!_samplers.TryGetValue(batchNorm, out var sampler))
            _samplers[batchNorm] = sampler = PreparedProgram.Prepare(batchNorm == BatchNormMode.Train ? Definition.DeviceSampleTraining : Definition.DeviceSample,
                _resources, StepSettings.Of(Host));
        var latentSlot = _memory.Arena.Pointer + (ulong)(Definition.LatentD.OffsetPerSample * Batch * sizeof(float));
        var fakeSlot = _memory.Arena.Pointer + (ulong)(Definition.Fake.OffsetPerSample * Batch * sizeof(float));
        var batchLatents = new float[Definition.LatentD.LengthPerSample * Batch];
        _stream.Synchronize();
        for (int done = 0; done < count; done += Batch)
        {
            int take = Math.Min(Batch, count - done);
            Array.Clear(batchLatents);
            latents.Slice(done * latentSize, take * latentSize).CopyTo(batchLatents);
            fixed (float* source = batchLatents)
            {
                CudaDriver.Check(CudaDriver.cuMemcpyHtoDAsync_v2(latentSlot, source, (nuint)(batchLatents.Length * sizeof(float)), _stream.Handle));
                sampler.Enqueue(_stream);
                fixed (float* target = images.Slice(done * imageSize, take * imageSize))
                    CudaDriver.Check(CudaDriver.cuMemcpyDtoHAsync_v2(target, fakeSlot, (nuint)(take * imageSize * sizeof(float)), _stream.Handle));
                _stream.Synchronize();
            }
        }
    }

    private PreparedProgram PrepareStep(IEnumerable<DeviceOp> program, StepSettings settings)
    {
        if (_counterSnapshot is not null)
        {
            _stream.Synchronize();
            CudaDriver.Check(CudaDriver.cuMemcpyDtoDAsync_v2(_counterSnapshot.Pointer, _memory.Counters.Pointer, (nuint)_memory.Counters.Bytes, _stream.Handle));
            _stream.Synchronize();
        }
        var prepared = PreparedProgram.Prepare(program, _resources, settings);
        // The step's values come back inside the graph: its losses, its counters, D's outputs.
        prepared.Append(new CopyToHostCall("the loss terms to the host", _readback.Pointer + LossesAt, _memory.Losses.Pointer,
            (ulong)GanDeviceMemory.LossCount * sizeof(float)));
        prepared.Append(new CopyToHostCall("the counters to the host", _readback.Pointer + CountersAt, _memory.Counters.Pointer,
            (ulong)GanDeviceMemory.CounterCount * sizeof(ulong)));
        prepared.Append(new CopyToHostCall("D(real) to the host", _readback.Pointer + DRealAt, _memory.Address(DeviceBinding.Arena("d_real", Definition.DReal.OffsetPerSample)),
            (ulong)(Definition.DReal.LengthPerSample * Batch * sizeof(float))));
        prepared.Append(new CopyToHostCall("D(fake) to the host", _readback.Pointer + DFakeAt, _memory.Address(DeviceBinding.Arena("d_fake", Definition.DFake.OffsetPerSample)),
            (ulong)(Definition.DFake.LengthPerSample * Batch * sizeof(float))));
        return prepared;
    }

    private StepResult FinishStep()
    {
        _stream.Synchronize();
        SetLosses(new ReadOnlySpan<float>(_readback.Pointer + LossesAt, GanDeviceMemory.LossCount));
        SetCounters(new ReadOnlySpan<ulong>(_readback.Pointer + CountersAt, GanDeviceMemory.CounterCount));
        var dReal = new ReadOnlySpan<float>(_readback.Pointer + DRealAt, (int)Definition.DReal.LengthPerSample * Batch);
        var dFake = new ReadOnlySpan<float>(_readback.Pointer + DFakeAt, (int)Definition.DFake.LengthPerSample * Batch);
        bool logits = Definition.Loss == GanLoss.BceWithLogits;
        return new StepResult(Host.DLoss, Host.GLoss, CpuGanDevice.MeanProbability(dReal, logits), CpuGanDevice.MeanProbability(dFake, logits));
    }

    private void SetLosses(ReadOnlySpan<float> losses)
    {
        Host.DLossReal = losses[(int)DeviceLoss.DLossReal];
        Host.DLossFake = losses[(int)DeviceLoss.DLossFake];
        Host.GLoss = losses[(int)DeviceLoss.GLoss];
        Host.DLoss = Definition.Recipe == GanRecipe.Averaged ? (Host.DLossReal + Host.DLossFake) / 2f : Host.DLossReal + Host.DLossFake;
    }

    private void SetCounters(ReadOnlySpan<ulong> counters)
    {
        Host.Step = (long)counters[(int)DeviceCounter.Step];
        Host.Generator.AdamStep = (int)counters[(int)DeviceCounter.GeneratorAdamStep];
        Host.Discriminator.AdamStep = (int)counters[(int)DeviceCounter.DiscriminatorAdamStep];
        _batchIndex = (int)counters[(int)DeviceCounter.BatchIndex];
        _latentCounter = counters[(int)DeviceCounter.Latent];
    }

    /// <summary>The host's counters (step, Adam steps, batch index, latent position) onto the device.</summary>
    private void WriteCounters()
    {
        Span<ulong> counters = stackalloc ulong[GanDeviceMemory.CounterCount];
        counters[(int)DeviceCounter.Step] = (ulong)Host.Step;
        counters[(int)DeviceCounter.GeneratorAdamStep] = (ulong)Host.Generator.AdamStep;
        counters[(int)DeviceCounter.DiscriminatorAdamStep] = (ulong)Host.Discriminator.AdamStep;
        counters[(int)DeviceCounter.BatchIndex] = (ulong)_batchIndex;
        counters[(int)DeviceCounter.Latent] = _latentCounter;
        _stream.Synchronize();
        _memory.Counters.Upload<ulong>(counters, _stream);
    }

    private void CheckMemory(int batch)
    {
        var (free, _) = _context.MemoryInfo();
        if (MemoryBudget.Problem(Definition, batch, (long)free, $" on {Name}") is { } problem) throw new DcganException(problem);
    }

    private static ulong CublasWorkspaceBytes(GpuDevice gpu) => gpu.Major >= 9 ? 32UL << 20 : 4UL << 20;

    public void Dispose()
    {
        foreach (var sampler in _samplers.Values) sampler.Dispose();
        _fedStep.Dispose();
        _hostInputStep.Dispose();
        _readback.Dispose();
        _counterSnapshot?.Dispose();
        _convolutionWorkspace?.Dispose();
        foreach (var plan in _convolutions.Values) plan.Dispose();
        _module.Dispose();
        _memory.Dispose();
        _cudnn.Dispose();
        _cublasWorkspace.Dispose();
        _cublas.Dispose();
        _stream.Dispose();
        _context.Dispose();
        Host.Dispose();
    }
}
