using System.Buffers.Binary;
using System.IO.Compression;
using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Data;

/// <summary>An unsigned-byte IDX array: dimensions outermost first, data row-major.</summary>
public sealed record IdxData(int[] Dimensions, byte[] Data);

/// <summary>
/// The IDX format of the MNIST files (LeCun et al.): bytes 0 0, a type code (0x08 = unsigned
/// byte, the only one dcgan reads), the number of dimensions, each dimension as a big-endian
/// int32, then the data. Files may be gzipped; that is detected by the gzip magic 1f 8b, not
/// by the name, because downloads are often renamed. The header is checked before anything
/// is allocated, so a damaged or foreign file gives one line saying what is wrong.
/// </summary>
public static class IdxFile
{
    /// <summary>2^31 bytes: no real dataset file comes near it, and arrays cannot hold more.</summary>
    public const long MaxDataBytes = 1L << 31;

    /// <summary>Reads <paramref name="path"/>, raw or gzipped.</summary>
    public static IdxData Read(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Read(path, file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DcganException($"{path}: file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads an IDX array, raw or gzipped, from a seekable <paramref name="stream"/>; <paramref name="source"/>
    /// names it in messages (the path, for a file).
    /// </summary>
    public static IdxData Read(string source, Stream stream)
    {
        if (!stream.CanSeek)
            throw new ArgumentException("IDX data is read from a seekable stream (the gzip magic is peeked at)", nameof(stream));
        long start = stream.Position;
        bool gzip = stream.Length - start >= 2 && stream.ReadByte() == 0x1f && stream.ReadByte() == 0x8b;
        stream.Position = start;
        if (!gzip)
            return ReadRaw(source, stream, stream.Length - start);
        try
        {
            using var decompressed = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            return ReadRaw(source, decompressed, available: null);
        }
        catch (InvalidDataException e)
        {
            throw new DcganException($"{source}: damaged gzip data ({e.Message})", e);
        }
    }

    /// <param name="available">Bytes left in a raw file; null when decompressing, where only reading tells.</param>
    private static IdxData ReadRaw(string path, Stream stream, long? available)
    {
        Span<byte> magic = stackalloc byte[4];
        if (ReadUpTo(stream, magic) < 4)
            throw new DcganException($"{path}: not an IDX file: shorter than its 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new DcganException($"{path}: not an IDX file: magic number {Convert.ToHexString(magic)} does not start with 0000");
        if (magic[2] != 0x08)
            throw new DcganException($"{path}: IDX element type 0x{magic[2]:X2} is not supported; dcgan reads unsigned-byte (0x08) IDX files");
        int rank = magic[3];
        if (rank is < 1 or > 4)
            throw new DcganException($"{path}: IDX file with {rank} dimensions; expected 1 to 4");

        Span<byte> header = stackalloc byte[4 * rank];
        if (ReadUpTo(stream, header) < header.Length)
            throw new DcganException($"{path}: truncated: the header declares {rank} dimensions but the file ends before them");
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(header[(4 * i)..]);
            if (dims[i] <= 0)
                throw new DcganException($"{path}: IDX dimension {i} is {dims[i]}; dimensions must be positive");
        }
        // Checked before allocating: a damaged header must not cost gigabytes of memory.
        long total = 1;
        foreach (int dim in dims)
        {
            total *= dim;
            if (total > MaxDataBytes || total > Array.MaxLength)
                throw new DcganException($"{path}: IDX dimensions [{string.Join(", ", dims)}] describe more than {MaxDataBytes} bytes; the header is damaged");
        }
        long pixelBytes = available is { } length ? length - 4 - header.Length : long.MaxValue;
        if (total > pixelBytes)
            throw new DcganException($"{path}: truncated: expected {total} bytes of pixels, found {pixelBytes} (dimensions [{string.Join(", ", dims)}])");

        var data = ReadPixels(path, stream, (int)total, lengthKnown: available is not null);
        long trailing = 0;
        var scratch = new byte[1 << 16];
        for (int n; (n = stream.Read(scratch)) > 0;)
            trailing += n;
        if (trailing > 0)
            throw new DcganException($"{path}: {trailing} trailing bytes after the {data.Length} bytes the header declares");
        return new IdxData(dims, data);
    }

    /// <summary>
    /// The <paramref name="count"/> pixel bytes. A raw file's length was checked against the header, so the
    /// buffer is allocated whole; a gzipped file's length says nothing about its content, so there the buffer
    /// grows as data arrives: a damaged header in a small file must not cost the 2 GiB it claims.
    /// </summary>
    private static byte[] ReadPixels(string path, Stream stream, int count, bool lengthKnown)
    {
        var data = new byte[lengthKnown ? count : Math.Min(count, 1 << 16)];
        int found = 0;
        while (true)
        {
            found += ReadUpTo(stream, data.AsSpan(found));
            if (found < data.Length)
                throw new DcganException($"{path}: truncated: expected {count} bytes of pixels, found {found}");
            if (found == count)
                return data;
            Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
        }
    }

    /// <summary>Writes raw IDX, or gzipped IDX when the name ends in .gz; atomically.</summary>
    public static void Write(string path, int[] dims, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length is < 1 or > 4)
            throw new ArgumentException($"IDX files have 1 to 4 dimensions, not {dims.Length}", nameof(dims));
        long total = 1;
        foreach (int dim in dims)
        {
            if (dim <= 0)
                throw new ArgumentException($"IDX dimensions must be positive: [{string.Join(", ", dims)}]", nameof(dims));
            total *= dim;
        }
        if (total != data.Length)
            throw new ArgumentException($"dimensions [{string.Join(", ", dims)}] hold {total} bytes, data has {data.Length}", nameof(data));

        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes.AsSpan(4 + 4 * dims.Length));

        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, stream =>
        {
            if (!gzip)
            {
                stream.Write(bytes);
                return;
            }
            using var compressed = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            compressed.Write(bytes);
        });
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}
