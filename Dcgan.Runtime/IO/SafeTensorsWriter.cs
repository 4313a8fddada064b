using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Dcgan.Runtime.IO;

/// <summary>
/// Writes float32 tensors as safetensors, atomically. Tensors are laid out in the order
/// given; the header is padded with spaces to a multiple of 8 bytes (as the parity fixtures
/// and the reference implementation do) so the data starts aligned.
/// </summary>
public static class SafeTensorsWriter
{
    public static void Write(string path, IReadOnlyDictionary<string, string> metadata,
        IEnumerable<(string Name, int[] Shape, ReadOnlyMemory<float> Data)> tensors)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var seen = new HashSet<string>();
        foreach (var (name, shape, data) in list)
        {
            if (name == "__metadata__" || !seen.Add(name))
                throw new ArgumentException($"tensor name '{name}' is reserved or repeated", nameof(tensors));
            long elements = 1;
            foreach (int dim in shape)
            {
                if (dim < 0)
                    throw new ArgumentException($"tensor '{name}' has a negative dimension", nameof(tensors));
                elements *= dim;
            }
            if (elements != data.Length)
                throw new ArgumentException($"tensor '{name}' has {data.Length} values but shape [{string.Join(", ", shape)}]", nameof(tensors));
        }

        byte[] header = Header(metadata, list);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        byte[] lengthBytes = length.ToArray();

        AtomicFile.Write(path, stream =>
        {
            stream.Write(lengthBytes);
            stream.Write(header);
            foreach (var (_, _, data) in list)
                WriteFloats(stream, data.Span);
        });
    }

    private static byte[] Header(IReadOnlyDictionary<string, string> metadata, List<(string Name, int[] Shape, ReadOnlyMemory<float> Data)> list)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, shape, data) in list)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int dim in shape)
                    json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)data.Length * 4;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - buffer.Length % 8) % 8);
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (float value in data)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, value);
            stream.Write(four);
        }
    }
}
