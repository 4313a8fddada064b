using System.Buffers.Binary;

namespace Dcgan.Runtime.Data;

/// <summary>
/// Checks that every length field of a PNG's chunks and a JPEG's segments lies within the file, before the
/// decoder sees it. StbImageSharp trusts them: it allocates a PNG chunk's claimed length before reading it
/// (a flipped bit in a 400-byte file cost 10 MB), and a JPEG segment that runs past the end sends it into a
/// loop that never returns. BMP has no such fields beyond the header that <see cref="ImageFolder"/> checks.
/// </summary>
public static class ImageStructure
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Why <paramref name="file"/>'s structure is broken, or null when it is sound or not a PNG or JPEG.</summary>
    public static string? Problem(ReadOnlySpan<byte> file)
    {
        if (file.StartsWith(PngSignature)) return PngProblem(file);
        if (file.Length >= 2 && file[0] == 0xFF && file[1] == 0xD8) return JpegProblem(file);
        return null;
    }

    private static string? PngProblem(ReadOnlySpan<byte> file)
    {
        long at = PngSignature.Length;
        while (true)
        {
            if (file.Length - at < 12)
                return $"PNG chunk at byte {at} is cut off (the file ends before IEND)";
            uint length = BinaryPrimitives.ReadUInt32BigEndian(file[(int)at..]);
            var typeBytes = file.Slice((int)at + 4, 4);
            // A damaged type may hold any bytes; messages show those as hex so they stay on one line.
            string type = typeBytes.ContainsAnyExceptInRange((byte)'A', (byte)'z') ? Convert.ToHexString(typeBytes) : System.Text.Encoding.ASCII.GetString(typeBytes);
            if (length > file.Length - at - 12)
                return $"PNG chunk '{type}' at byte {at} claims {length} bytes, more than the {file.Length - at - 12} left in the file";
            if (type == "IEND") return null;
            at += 12 + length;
        }
    }

    private static string? JpegProblem(ReadOnlySpan<byte> file)
    {
        int at = 2;
        while (at < file.Length)
        {
            if (file[at] != 0xFF)
            {
                at++; // entropy-coded data between segments; markers inside it are escaped as FF 00
                continue;
            }
            if (at + 1 >= file.Length) return null;
            byte marker = file[at + 1];
            // FF FF is fill, FF 00 an escaped data byte, D0-D7 restart markers and 01 TEM have no length, D9 ends the image.
            if (marker is 0xFF or 0x00 or (>= 0xD0 and <= 0xD7) or 0x01)
            {
                at += marker == 0xFF ? 1 : 2;
                continue;
            }
            if (marker == 0xD9) return null;
            if (at + 4 > file.Length)
                return $"JPEG segment FF{marker:X2} at byte {at} is cut off";
            int length = BinaryPrimitives.ReadUInt16BigEndian(file[(at + 2)..]);
            if (length < 2 || length > file.Length - at - 2)
                return $"JPEG segment FF{marker:X2} at byte {at} claims {length} bytes, with {file.Length - at - 2} left in the file";
            at += 2 + length;
        }
        return null;
    }
}
