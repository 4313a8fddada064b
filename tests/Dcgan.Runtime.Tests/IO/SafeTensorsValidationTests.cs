using System.Text;
using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Tests.IO;

/// <summary>A damaged or foreign file must give one line naming the file and the problem.</summary>
public class SafeTensorsValidationTests
{
    private static byte[] File(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BitConverter.GetBytes((ulong)json.Length).CopyTo(bytes, 0);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private static DcganException ReadFails(byte[] content)
    {
        using var temp = new TempDirectory();
        string path = temp.File("bad.safetensors");
        System.IO.File.WriteAllBytes(path, content);
        var error = Assert.Throws<DcganException>(() => SafeTensorsFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void ShorterThanTheLengthField() => Assert.Contains("shorter", ReadFails([1, 2, 3]).Message);

    [Fact]
    public void HeaderLengthPastTheEnd()
    {
        var bytes = File("{}", 0);
        BitConverter.GetBytes(1000UL).CopyTo(bytes, 0);
        Assert.Contains("past the end", ReadFails(bytes).Message);
    }

    [Fact]
    public void AbsurdHeaderLength()
    {
        var bytes = File("{}", 0);
        BitConverter.GetBytes(ulong.MaxValue).CopyTo(bytes, 0);
        Assert.Contains("absurd", ReadFails(bytes).Message);
    }

    [Fact]
    public void HeaderIsNotJson() => Assert.Contains("JSON", ReadFails(File("{\"x\": [", 0)).Message);

    [Fact]
    public void OtherDtypesAreNamed() =>
        Assert.Contains("F16", ReadFails(File("""{"x":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}""", 4)).Message);

    [Fact]
    public void OffsetsBeyondTheData() =>
        Assert.Contains("outside", ReadFails(File("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4)).Message);

    [Fact]
    public void OffsetsThatDoNotMatchTheShape() =>
        Assert.Contains("needs 12", ReadFails(File("""{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 16)).Message);

    [Fact]
    public void NegativeDimension() =>
        Assert.Contains("dimension", ReadFails(File("""{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}""", 0)).Message);

    [Fact]
    public void OverlappingTensors()
    {
        const string header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""";
        Assert.Contains("overlap", ReadFails(File(header, 12)).Message);
    }

    [Fact]
    public void NonStringMetadata() =>
        Assert.Contains("metadata", ReadFails(File("""{"__metadata__":{"steps":3}}""", 0)).Message);

    [Fact]
    public void MissingFileIsAUserError()
    {
        var error = Assert.Throws<DcganException>(() => SafeTensorsFile.Read("/nonexistent/dir/x.safetensors"));
        Assert.Contains("/nonexistent/dir/x.safetensors", error.Message);
    }
}
