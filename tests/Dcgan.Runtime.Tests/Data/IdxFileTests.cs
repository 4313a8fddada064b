using System.IO.Compression;
using Dcgan.Runtime.Data;

namespace Dcgan.Runtime.Tests.Data;

public class IdxFileTests
{
    private static readonly byte[] Pixels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();

    private static byte[] Raw(byte type, int[] dims, int dataBytes)
    {
        var bytes = new byte[4 + 4 * dims.Length + dataBytes];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        return bytes;
    }

    private static DcganException ReadFails(byte[] content)
    {
        using var temp = new TempDirectory();
        string path = temp.File("bad-idx3-ubyte");
        File.WriteAllBytes(path, content);
        var error = Assert.Throws<DcganException>(() => IdxFile.Read(path));
        Assert.Contains(path, error.Message);
        return error;
    }

    [Fact]
    public void WriteThenReadRoundTrips()
    {
        using var temp = new TempDirectory();
        string path = temp.File("x-idx3-ubyte");
        IdxFile.Write(path, [2, 3, 4], Pixels);

        var idx = IdxFile.Read(path);

        Assert.Equal([2, 3, 4], idx.Dimensions);
        Assert.Equal(Pixels, idx.Data);
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2 }, File.ReadAllBytes(path)[..8]);
    }

    // Downloads are often renamed, so gzip is recognised by its magic, not by ".gz".
    [Fact]
    public void GzipLoadsTheSameAsRawWhateverItsName()
    {
        using var temp = new TempDirectory();
        string raw = temp.File("raw");
        IdxFile.Write(raw, [2, 3, 4], Pixels);
        string zipped = temp.File("no-extension");
        using (var output = File.Create(zipped))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(File.ReadAllBytes(raw));

        var fromGzip = IdxFile.Read(zipped);

        Assert.Equal(IdxFile.Read(raw).Dimensions, fromGzip.Dimensions);
        Assert.Equal(Pixels, fromGzip.Data);
    }

    [Fact]
    public void WritingToDotGzCompresses()
    {
        using var temp = new TempDirectory();
        string path = temp.File("x-idx1-ubyte.gz");
        IdxFile.Write(path, [24], Pixels);

        Assert.Equal(new byte[] { 0x1f, 0x8b }, File.ReadAllBytes(path)[..2]);
        Assert.Equal(Pixels, IdxFile.Read(path).Data);
    }

    [Fact]
    public void TruncatedPixelsAreCounted()
    {
        var bytes = Raw(8, [2, 3, 4], 20);
        Assert.Contains("truncated: expected 24 bytes of pixels, found 20", ReadFails(bytes).Message);
    }

    // A damaged dimension in a 20-byte file must not cost the gigabyte it claims: the claim is checked against the file first.
    [Fact]
    public void AHeaderClaimingMoreThanTheFileIsRefusedBeforeAllocating()
    {
        var bytes = Raw(8, [1_000_000_000], 12);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DcganException>(() => IdxFile.Read("claims-a-gigabyte", new MemoryStream(bytes)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("expected 1000000000 bytes of pixels, found 12", error.Message);
    }

    [Fact]
    public void TruncatedGzipIsReportedAsTruncatedToo()
    {
        var raw = Raw(8, [2, 3, 4], 10);
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(raw);
        Assert.Contains("truncated", ReadFails(compressed.ToArray()).Message);
    }

    [Fact]
    public void TrailingBytesAreCounted() => Assert.Contains("3 trailing bytes", ReadFails(Raw(8, [2, 3, 4], 27)).Message);

    [Fact]
    public void TruncatedHeader() => Assert.Contains("truncated", ReadFails(Raw(8, [2, 3, 4], 0)[..9]).Message);

    [Fact]
    public void WrongMagic() => Assert.Contains("not an IDX file", ReadFails([0x50, 0x4b, 3, 4, 0, 0, 0, 1]).Message);

    [Fact]
    public void OtherElementTypesAreNamed() => Assert.Contains("0x0D", ReadFails(Raw(0x0D, [1], 4)).Message);

    [Fact]
    public void BadDimensionCount() => Assert.Contains("5 dimensions", ReadFails(Raw(8, [1, 1, 1, 1, 1], 1)).Message);

    [Fact]
    public void NonPositiveDimension() => Assert.Contains("positive", ReadFails(Raw(8, [3, 0], 0)).Message);

    // A damaged header must be refused before anything is allocated for it.
    [Fact]
    public void AbsurdSizeIsRefusedBeforeAllocating() =>
        Assert.Contains("damaged", ReadFails(Raw(8, [int.MaxValue, int.MaxValue, 2], 0)).Message);

    [Fact]
    public void CorruptGzip() => Assert.Contains("gzip", ReadFails([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3, 4, 5]).Message);

    [Fact]
    public void MissingFile() => Assert.Contains("not found", Assert.Throws<DcganException>(() => IdxFile.Read("/nonexistent/x-idx3-ubyte")).Message);
}
