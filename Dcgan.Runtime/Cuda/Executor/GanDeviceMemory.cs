namespace Dcgan.Runtime.Cuda;

/// <summary>
/// The device memory of one GAN at one batch size, allocated once from the build-time plan: the activation arena and
/// batch-norm scratch, each network's parameters, gradients, Adam moments and running statistics, the step's loss
/// terms and counters, and (once a dataset is given) the dataset's bytes and the epoch's order. Resolves a program's
/// operand (<see cref="DeviceBinding"/>) to its device address, checked to lie inside its buffer.
/// </summary>
public sealed class GanDeviceMemory : IDisposable
{
    public static readonly int CounterCount = Enum.GetValues<DeviceCounter>().Length;
    public static readonly int LossCount = Enum.GetValues<DeviceLoss>().Length;

    private readonly PrimaryContext _context;
    private readonly List<DeviceBuffer> _all = [];
    private readonly Dictionary<(DeviceMemory, Net), DeviceBuffer> _networks = [];

    public GanDeviceMemory(PrimaryContext context, GanDefinition definition, int batch)
    {
        _context = context;
        Batch = batch;
        try
        {
            Arena = Floats(definition.ArenaFloatsPerSample * batch);
            Scratch = Floats(definition.ScratchFloats);
            Losses = Floats(LossCount);
            Counters = Allocate((ulong)CounterCount * sizeof(ulong));
            foreach (var (net, parameters, statistics) in new[]
                     {
                         (Net.Generator, definition.GeneratorParameterFloats, definition.GeneratorStatisticFloats),
                         (Net.Discriminator, definition.DiscriminatorParameterFloats, definition.DiscriminatorStatisticFloats),
                     })
            {
                _networks[(DeviceMemory.Parameters, net)] = Floats(parameters);
                _networks[(DeviceMemory.Gradients, net)] = Floats(parameters);
                _networks[(DeviceMemory.AdamM, net)] = Floats(parameters);
                _networks[(DeviceMemory.AdamV, net)] = Floats(parameters);
                _networks[(DeviceMemory.Statistics, net)] = Floats(statistics);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Batch { get; }
    public DeviceBuffer Arena { get; }
    public DeviceBuffer Scratch { get; }
    public DeviceBuffer Losses { get; }
    public DeviceBuffer Counters { get; }
    public DeviceBuffer? Dataset { get; private set; }
    public DeviceBuffer? Order { get; private set; }

    public DeviceBuffer Network(DeviceMemory buffer, Net net) => _networks[(buffer, net)];

    /// <summary>The dataset's bytes and room for its order, allocated once: a second dataset must be the same size.</summary>
    public void AllocateDataset(long imageBytes, int count)
    {
        if (Dataset is not null)
        {
            if (Dataset.Bytes != (ulong)imageBytes || Order!.Bytes != (ulong)count * sizeof(int))
                throw new DcganException("the device already holds a dataset of another size");
            return;
        }
        Dataset = Allocate((ulong)imageBytes);
        Order = Allocate((ulong)count * sizeof(int));
    }

    /// <summary>
    /// The device address of <paramref name="operand"/>, checked to leave room for <paramref name="elements"/> elements
    /// of its buffer (floats, counter words, bytes or ints) inside the buffer.
    /// </summary>
    public ulong Address(DeviceBinding operand, long elements = 1)
    {
        var (buffer, size, offset) = operand.Buffer switch
        {
            DeviceMemory.Arena => (Arena, sizeof(float), operand.Offset * Batch),
            DeviceMemory.Scratch => (Scratch, sizeof(float), operand.Offset),
            DeviceMemory.Losses => (Losses, sizeof(float), operand.Offset),
            DeviceMemory.Counters => (Counters, sizeof(ulong), operand.Offset),
            DeviceMemory.Dataset => (Dataset ?? throw new DcganException($"{operand}: no dataset on the device yet"), 1, operand.Offset),
            DeviceMemory.Order => (Order ?? throw new DcganException($"{operand}: no dataset on the device yet"), sizeof(int), operand.Offset),
            DeviceMemory.Parameters or DeviceMemory.Gradients or DeviceMemory.AdamM or DeviceMemory.AdamV or DeviceMemory.Statistics
                => (Network(operand.Buffer, operand.Net), sizeof(float), operand.Offset),
            _ => throw new DcganException($"{operand}: not device memory"),
        };
        if (offset < 0 || elements < 0 || (ulong)((offset + elements) * size) > buffer.Bytes)
            throw new DcganException($"{operand}: {elements} elements at {offset} leave its buffer of {buffer.Bytes} bytes");
        return buffer.Pointer + (ulong)(offset * size);
    }

    private DeviceBuffer Floats(long count) => Allocate((ulong)count * sizeof(float));

    // A plan may hold an empty buffer (no batch norm: no statistics); it is given one word so every buffer has an address.
    private DeviceBuffer Allocate(ulong bytes)
    {
        var buffer = DeviceBuffer.Allocate(_context, Math.Max(bytes, sizeof(ulong)));
        _all.Add(buffer);
        return buffer;
    }

    public void Dispose()
    {
        foreach (var buffer in _all) buffer.Dispose();
        _all.Clear();
    }
}
