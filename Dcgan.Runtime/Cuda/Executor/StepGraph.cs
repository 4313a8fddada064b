namespace Dcgan.Runtime.Cuda;

/// <summary>
/// One program run step after step: prepared for the settings it is given, run eagerly once (the warm-up), then
/// captured into a CUDA graph and replayed. A change of settings drops the graph and prepares, warms up and captures
/// again; everything else a step varies by (batch index, latent and step counters) lives on the device and is read by
/// the replayed kernels.
/// </summary>
internal sealed class StepGraph(string name, Func<StepSettings, PreparedProgram> prepare, ExecutorFault fault) : IDisposable
{
    private PreparedProgram? _program;
    private StepSettings _settings;
    private bool _warm;
    private CudaGraph? _graph;
    private CudaGraphExec? _exec;

    public int EagerSteps { get; private set; }
    public int Captures { get; private set; }
    public int Replays { get; private set; }

    /// <summary>Puts one run of the program on <paramref name="stream"/>; the caller synchronises.</summary>
    public void Run(CudaStream stream, StepSettings settings)
    {
        if (_program is null || settings != _settings)
        {
            Drop();
            _program = prepare(settings);
            _settings = settings;
        }
        if (!_warm)
        {
            _program.Enqueue(stream);
            _warm = true;
            EagerSteps++;
            return;
        }
        if (_exec is null) Capture(stream);
        _exec!.Launch(stream);
        Replays++;
    }

    private void Capture(CudaStream stream)
    {
        Func<IDeviceCall, bool>? include = null;
        if (fault == ExecutorFault.ClearsOutsideGraph)
        {
            _program!.Enqueue(stream, call => call is ClearCall);
            include = call => call is not ClearCall;
        }
        stream.BeginCapture();
        try
        {
            _program!.Enqueue(stream, include);
        }
        catch
        {
            try
            {
                stream.EndCapture().Dispose();
            }
            catch (CudaException)
            {
                // The capture was already invalidated by the failure being reported.
            }
            throw;
        }
        _graph = stream.EndCapture();
        _exec = _graph.Instantiate();
        Captures++;
    }

    private void Drop()
    {
        _exec?.Dispose();
        _graph?.Dispose();
        _program?.Dispose();
        _exec = null;
        _graph = null;
        _program = null;
        _warm = false;
    }

    public override string ToString() => $"{name}: {EagerSteps} eager, {Captures} captured, {Replays} replayed";

    public void Dispose() => Drop();
}
