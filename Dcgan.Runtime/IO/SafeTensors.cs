using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Dcgan.Runtime.IO;

/// <summary>One float32 tensor of a safetensors file, row-major in PyTorch's layout.</summary>
public sealed record SafeTensor(string Name, int[] Shape, float[] Data)
{
    public long ElementCount => Data.LongLength;
}

/// <summary>
/// A whole safetensors file read into memory (checkpoints and parity fixtures are small).
/// Layout: 8 bytes little-endian header length N, N bytes of JSON, then the raw data, each
/// tensor at <c>data_offsets</c> relative to the end of the header. Everything in the
/// header is checked before it is trusted, so a damaged or foreign file gives one line
/// naming the file and the problem rather than an exception from deep inside.
/// </summary>
public sealed class SafeTensorsFile
{
    /// <summary>Larger than any real header; a bigger length means the file is not safetensors.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private SafeTensorsFile(string path, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, SafeTensor> tensors)
    {
        Path = path;
        Metadata = metadata;
        Tensors = tensors;
    }

    public string Path { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public IReadOnlyDictionary<string, SafeTensor> Tensors { get; }

    public bool TryGet(string name, out SafeTensor tensor) => Tensors.TryGetValue(name, out tensor!);

    public SafeTensor Get(string name) =>
        Tensors.TryGetValue(name, out var tensor) ? tensor : throw new DcganException($"{Path}: no tensor named '{name}'");

    public static SafeTensorsFile Read(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new DcganException($"{path}: file not found");
            if (info.Length > Array.MaxLength)
                throw new DcganException($"{path}: {info.Length} bytes is too large for a safetensors file dcgan can read");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"{path}: cannot read: {e.Message}", e);
        }
        return Parse(path, bytes);
    }

    /// <summary>Parses a whole safetensors file held in memory; <paramref name="path"/> names it in messages.</summary>
    public static SafeTensorsFile Parse(string path, byte[] bytes)
    {
        if (bytes.Length < 8)
            throw Bad(path, $"only {bytes.Length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes)
            throw Bad(path, $"header length {headerLength} is absurd (more than {MaxHeaderBytes} bytes)");
        if (headerLength > (ulong)(bytes.Length - 8))
            throw Bad(path, $"header length {headerLength} runs past the end of the file ({bytes.Length} bytes)");
        int dataStart = 8 + (int)headerLength;
        // Checked here because JsonDocument only notices broken UTF-8 when a string is read, far from any message.
        if (!Utf8.IsValid(bytes.AsSpan(8, (int)headerLength)))
            throw Bad(path, "header is not valid UTF-8");
        long dataLength = bytes.Length - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw Bad(path, $"header is not valid JSON ({ParseProblem.Describe(e)})");
        }

        try
        {
            return FromHeader(path, bytes, document.RootElement, dataStart, dataLength);
        }
        catch (InvalidOperationException e)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but no string: reading a name or value throws.
            throw Bad(path, $"header text cannot be read ({ParseProblem.Describe(e)})");
        }
        finally
        {
            document.Dispose();
        }
    }

    /// <summary>The tensors and metadata the parsed header describes, each entry checked against the data that follows it.</summary>
    private static SafeTensorsFile FromHeader(string path, byte[] bytes, JsonElement root, int dataStart, long dataLength)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Bad(path, "header is not a JSON object");
        var metadata = new Dictionary<string, string>();
        var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
        var names = new HashSet<string>();
        foreach (var property in root.EnumerateObject())
        {
            if (!names.Add(property.Name))
                throw Bad(path, $"'{property.Name}' appears twice in the header");
            if (property.Name == "__metadata__")
                ReadMetadata(path, property.Value, metadata);
            else
                entries.Add(ReadEntry(path, property.Name, property.Value, dataLength));
        }

        // Tensors may be listed in any order, but their byte ranges must not share bytes.
        var byOffset = entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin).ToList();
        for (int i = 1; i < byOffset.Count; i++)
            if (byOffset[i].Begin < byOffset[i - 1].End)
                throw Bad(path, $"tensors '{byOffset[i - 1].Name}' and '{byOffset[i].Name}' overlap");

        var tensors = new Dictionary<string, SafeTensor>(entries.Count);
        foreach (var (name, shape, begin, end) in entries)
        {
            var data = new float[(end - begin) / 4];
            var source = bytes.AsSpan(dataStart + (int)begin, (int)(end - begin));
            if (BitConverter.IsLittleEndian)
                source.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
            else
                for (int i = 0; i < data.Length; i++)
                    data[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
            tensors.Add(name, new SafeTensor(name, shape, data));
        }
        return new SafeTensorsFile(path, metadata, tensors);
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(path, "__metadata__ is not a JSON object");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Bad(path, $"metadata '{item.Name}' is not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static (string, int[], long, long) ReadEntry(string path, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(path, $"tensor '{name}': entry is not a JSON object");
        if (!value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw Bad(path, $"tensor '{name}' has no dtype");
        if (dtype.GetString() != "F32")
            throw Bad(path, $"tensor '{name}' has dtype {dtype.GetString()}; dcgan reads only F32");

        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Bad(path, $"tensor '{name}' has no shape");
        var shape = new int[shapeElement.GetArrayLength()];
        long elements = 1;
        int d = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out int size) || size < 0)
                throw Bad(path, $"tensor '{name}' has a bad dimension {dim.GetRawText()} (must be an integer >= 0)");
            shape[d++] = size;
            elements *= size;
            if (elements > dataLength)
                throw Bad(path, $"tensor '{name}' of shape [{string.Join(", ", shapeElement.EnumerateArray())}] is larger than the file's data");
        }

        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2
            || offsets[0].ValueKind != JsonValueKind.Number || offsets[1].ValueKind != JsonValueKind.Number
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
            throw Bad(path, $"tensor '{name}' needs data_offsets [begin, end]");
        if (begin < 0 || end < begin || end > dataLength)
            throw Bad(path, $"tensor '{name}' has data_offsets [{begin}, {end}] outside the {dataLength} bytes of data");
        if (end - begin != elements * 4)
            throw Bad(path, $"tensor '{name}' has {end - begin} bytes of data but shape [{string.Join(", ", shape)}] needs {elements * 4}");
        return (name, shape, begin, end);
    }

    private static DcganException Bad(string path, string what) => new($"{path}: not a valid safetensors file: {what}");
}
