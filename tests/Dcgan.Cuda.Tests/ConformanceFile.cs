using System.Buffers.Binary;
using System.Text.Json;

namespace Dcgan.Cuda.Tests;

/// <summary>
/// One file of ../shared/cuda-conformance: safetensors whose tensors (F32 inputs, F64 expected values and magnitudes)
/// are read as doubles, and whose metadata "cases" is a JSON list of each case's sizes and parameters.
/// (Dcgan.Runtime's SafeTensors reads F32 only; the expected values must not be rounded to float before comparing.)
/// </summary>
internal sealed class ConformanceFile
{
    private readonly Dictionary<string, double[]> _tensors = [];

    private ConformanceFile(string path) => Path = path;

    public string Path { get; }

    public List<JsonElement> Cases { get; } = [];

    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The file, found by walking up from the test's directory for shared/cuda-conformance; skips the test when there is none.</summary>
    public static ConformanceFile Open(string name)
    {
        string? directory = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && directory is null; dir = dir.Parent)
            foreach (string root in new[] { dir.FullName, System.IO.Path.Combine(dir.FullName, "..") })
            {
                string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "shared", "cuda-conformance"));
                if (Directory.Exists(candidate))
                {
                    directory = candidate;
                    break;
                }
            }
        Skip.If(directory is null, $"shared/cuda-conformance is not beside the repository (looked above {AppContext.BaseDirectory})");
        string path = System.IO.Path.Combine(directory!, name + ".safetensors");
        Skip.IfNot(File.Exists(path), $"{path} is missing");
        return Read(path);
    }

    public static ConformanceFile Read(string path)
    {
        var file = new ConformanceFile(path);
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        int dataStart = 8 + headerLength;
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                using var cases = JsonDocument.Parse(entry.Value.GetProperty("cases").GetString()!);
                file.Cases.AddRange(cases.RootElement.EnumerateArray().Select(c => c.Clone()));
                continue;
            }
            string dtype = entry.Value.GetProperty("dtype").GetString()!;
            var offsets = entry.Value.GetProperty("data_offsets");
            int begin = dataStart + offsets[0].GetInt32(), end = dataStart + offsets[1].GetInt32();
            file._tensors[entry.Name] = Decode(bytes.AsSpan(begin, end - begin), dtype, $"{path}: {entry.Name}");
        }
        return file;
    }

    private static double[] Decode(ReadOnlySpan<byte> data, string dtype, string what)
    {
        int width = dtype switch { "F32" => 4, "F64" => 8, _ => throw new InvalidDataException($"{what} is {dtype}, neither F32 nor F64") };
        var values = new double[data.Length / width];
        for (int i = 0; i < values.Length; i++)
            values[i] = width == 4 ? BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
        return values;
    }

    public double[] Tensor(int index, string name) =>
        _tensors.TryGetValue($"case{index}/{name}", out var data) ? data : throw new KeyNotFoundException($"{Path}: no tensor case{index}/{name}");

    /// <summary>An F32 input as the floats it holds.</summary>
    public float[] Floats(int index, string name) => Tensor(index, name).Select(value => (float)value).ToArray();
}
