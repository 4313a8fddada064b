using System.Buffers.Binary;
using System.Text;

namespace Dcgan.Runtime.Tests.Fuzzing;

/// <summary>An integer field of a binary header: where it is, how wide (1, 2, 4 or 8 bytes) and in which byte order.</summary>
public readonly record struct HeaderField(string Name, int Offset, int Size, bool BigEndian);

/// <summary>
/// Derives damaged files from a valid one, reproducibly from a seed: random byte flips, truncations at random
/// lengths, header integer fields set to huge, negative, zero or off-by-one values, and edits of JSON text
/// (numbers swapped for absurd ones, values for values of another kind, spans deleted or repeated). Each
/// mutation says what it did, so a failure can be reproduced and read.
/// </summary>
public sealed class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly long[] NastyIntegers =
        [0, -1, 1, 2, int.MaxValue, int.MinValue, uint.MaxValue, 1_000_000_000_000, long.MaxValue, long.MinValue, 255, 65535, 1 << 20];

    private static readonly string[] NastyJsonValues =
        ["-1", "0", "1", "1e400", "-1e400", "1e-400", "99999999999999999999", "2147483648", "-2147483649", "0.5", "NaN", "\"x\"", "\"\"",
         "null", "true", "[]", "{}", "[1,2]", "[-1,2]", "[1e300]", "{\"a\":{}}", "\"\\ud800\"", "\"\\u0000\""];

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    /// <summary>1 to 8 bytes set to random values (one flipped bit when the random value equals the old byte).</summary>
    public (byte[] Bytes, string What) FlipBytes(byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        int count = 1 + _random.Next(8);
        for (int i = 0; i < count && bytes.Length > 0; i++)
        {
            int at = _random.Next(bytes.Length);
            byte value = (byte)_random.Next(256);
            bytes[at] = value != bytes[at] ? value : (byte)(value ^ (1 << _random.Next(8)));
        }
        return (bytes, $"{count} random bytes changed");
    }

    /// <summary>The first n bytes, n uniform in [0, length).</summary>
    public (byte[] Bytes, string What) Truncate(byte[] valid)
    {
        int length = valid.Length == 0 ? 0 : _random.Next(valid.Length);
        return (valid[..length], $"truncated to {length} of {valid.Length} bytes");
    }

    /// <summary>Random bytes inserted, or a span repeated, somewhere in the file: content past where the header says it ends.</summary>
    public (byte[] Bytes, string What) Insert(byte[] valid)
    {
        int at = _random.Next(valid.Length + 1);
        var extra = new byte[1 + _random.Next(64)];
        _random.NextBytes(extra);
        return ([.. valid.AsSpan(0, at), .. extra, .. valid.AsSpan(at)], $"{extra.Length} bytes inserted at {at}");
    }

    /// <summary>One header field set to a hostile value: huge, negative, zero, or one away from its own value.</summary>
    public (byte[] Bytes, string What) EditField(byte[] valid, IReadOnlyList<HeaderField> fields)
    {
        var field = fields[_random.Next(fields.Count)];
        var bytes = (byte[])valid.Clone();
        if (field.Offset + field.Size > bytes.Length) return (bytes, $"field {field.Name} beyond the file, unchanged");
        long old = ReadField(bytes, field);
        long value = _random.Next(4) switch
        {
            0 => old + 1,
            1 => old - 1,
            2 => _random.NextInt64(long.MinValue, long.MaxValue),
            _ => NastyIntegers[_random.Next(NastyIntegers.Length)],
        };
        WriteField(bytes, field, value);
        return (bytes, $"{field.Name} set from {old} to {ReadField(bytes, field)}");
    }

    /// <summary>One edit of JSON text: a number, string or literal replaced, a span deleted or repeated, or a structural character changed.</summary>
    public (string Json, string What) EditJson(string json)
    {
        if (json.Length == 0) return (json, "empty, unchanged");
        switch (_random.Next(4))
        {
            case 0:
            {
                var (start, length) = RandomValueToken(json);
                string value = NastyJsonValues[_random.Next(NastyJsonValues.Length)];
                return (json[..start] + value + json[(start + length)..], $"value '{json.Substring(start, length)}' at {start} replaced by {value}");
            }
            case 1:
            {
                int start = _random.Next(json.Length), length = 1 + _random.Next(Math.Min(32, json.Length - start));
                return (json.Remove(start, length), $"{length} characters deleted at {start}");
            }
            case 2:
            {
                int start = _random.Next(json.Length), length = 1 + _random.Next(Math.Min(32, json.Length - start));
                return (json.Insert(start, json.Substring(start, length)), $"{length} characters repeated at {start}");
            }
            default:
            {
                const string structural = "{}[]:,\"\\ 0-e.";
                int at = _random.Next(json.Length);
                char c = structural[_random.Next(structural.Length)];
                return (json[..at] + c + json[(at + 1)..], $"character {at} set to '{c}'");
            }
        }
    }

    /// <summary>Where a JSON number, string or literal starts and how long it is (a random character's token).</summary>
    private (int Start, int Length) RandomValueToken(string json)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            int at = _random.Next(json.Length);
            char c = json[at];
            if (c == '"')
            {
                int end = json.IndexOf('"', at + 1);
                if (end > at) return (at, end - at + 1);
            }
            if (char.IsAsciiDigit(c) || c is '-' or '.' or 'e' or 'E' or '+' || char.IsAsciiLetterLower(c))
            {
                int start = at, end = at;
                while (start > 0 && IsScalar(json[start - 1])) start--;
                while (end < json.Length && IsScalar(json[end])) end++;
                return (start, end - start);
            }
        }
        return (_random.Next(json.Length), 0);

        static bool IsScalar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '+';
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static long ReadField(byte[] bytes, HeaderField f) => (f.Size, f.BigEndian) switch
    {
        (1, _) => bytes[f.Offset],
        (2, true) => BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(f.Offset)),
        (2, false) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(f.Offset)),
        (4, true) => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(f.Offset)),
        (4, false) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(f.Offset)),
        (8, true) => BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(f.Offset)),
        (8, false) => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(f.Offset)),
        _ => throw new ArgumentException($"field {f.Name}: {f.Size}-byte fields are not supported"),
    };

    private static void WriteField(byte[] bytes, HeaderField f, long value)
    {
        var span = bytes.AsSpan(f.Offset);
        switch (f.Size, f.BigEndian)
        {
            case (1, _): span[0] = (byte)value; break;
            case (2, true): BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value); break;
            case (2, false): BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case (4, true): BinaryPrimitives.WriteInt32BigEndian(span, (int)value); break;
            case (4, false): BinaryPrimitives.WriteInt32LittleEndian(span, (int)value); break;
            case (8, true): BinaryPrimitives.WriteInt64BigEndian(span, value); break;
            case (8, false): BinaryPrimitives.WriteInt64LittleEndian(span, value); break;
            default: throw new ArgumentException($"field {f.Name}: {f.Size}-byte fields are not supported");
        }
    }
}
