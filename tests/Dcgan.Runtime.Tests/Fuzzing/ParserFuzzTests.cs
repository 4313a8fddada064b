using System.Text;
using Dcgan.Runtime.Data;
using Dcgan.Runtime.IO;
using Dcgan.Runtime.Images;
using Dcgan.Runtime.Parity;
using Xunit.Abstractions;

namespace Dcgan.Runtime.Tests.Fuzzing;

/// <summary>
/// Every parser of a file dcgan reads, fed thousands of damaged copies of a valid file (seeded, so a failure
/// reproduces): each must load or refuse with one DcganException line naming the file, in bounded time and
/// memory. The counts printed here go into the release notes.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 3000;

    private FuzzTally Report(FuzzTally tally)
    {
        output.WriteLine(tally.ToString());
        // Mutations that never reach a check would make this test pass vacuously.
        Assert.True(tally.Refused >= tally.Run / 4, $"only {tally.Refused} of {tally.Run} damaged files were refused: the mutations miss the parser's checks");
        return tally;
    }

    /// <summary>A mutation of a binary file: random bytes, a truncation, inserted bytes, or a header field set to a hostile value.</summary>
    private static (byte[] Bytes, string What) Binary(Mutator m, byte[] valid, HeaderField[] fields) => m.Next(10) switch
    {
        < 3 => m.FlipBytes(valid),
        < 5 => m.Truncate(valid),
        < 6 => m.Insert(valid),
        _ => m.EditField(valid, fields),
    };

    /// <summary>A mutation of a JSON file: mostly edits of its text, some random bytes and truncations.</summary>
    private static (byte[] Bytes, string What) Json(Mutator m, string valid) => m.Next(10) switch
    {
        < 2 => m.FlipBytes(Mutator.Utf8(valid)),
        < 3 => m.Truncate(Mutator.Utf8(valid)),
        _ => TwoEdits(m, valid),
    };

    private static (byte[] Bytes, string What) TwoEdits(Mutator m, string json)
    {
        var (once, first) = m.EditJson(json);
        if (m.Next(2) == 0) return (Mutator.Utf8(once), first);
        var (twice, second) = m.EditJson(once);
        return (Mutator.Utf8(twice), $"{first}; {second}");
    }

    /// <summary>
    /// A mutation of a safetensors file: binary damage, its 8-byte header length set to hostile values, or its
    /// JSON header edited with the length field kept consistent, so the edit reaches the header's checks.
    /// </summary>
    private static (byte[] Bytes, string What) SafeTensors(Mutator m, byte[] valid)
    {
        if (m.Next(2) == 0) return Binary(m, valid, [new("header length", 0, 8, false)]);
        var (_, json, data) = ValidFiles.SplitSafeTensors(valid);
        var (edited, what) = TwoEdits(m, json);
        return (ValidFiles.JoinSafeTensors(Encoding.UTF8.GetString(edited), data), $"header JSON: {what}");
    }

    [Fact]
    public void Idx_files_load_or_are_refused_cleanly()
    {
        var (valid, fields) = ValidFiles.Idx();
        Assert.Equal([3, 5, 4], IdxFile.Read("seed.idx", new MemoryStream(valid)).Dimensions);
        Report(FuzzHarness.Run("IdxFile", "fuzz.idx", Cases, seed: 8001, m => Binary(m, valid, fields),
            bytes => IdxFile.Read("fuzz.idx", new MemoryStream(bytes)), bytesPerFileByte: 4));
    }

    [Fact]
    public void Gzipped_idx_files_load_or_are_refused_cleanly()
    {
        var (valid, fields) = ValidFiles.Idx();
        var zipped = ValidFiles.Gzip(valid);
        Assert.Equal(valid[16..], IdxFile.Read("seed.idx.gz", new MemoryStream(zipped)).Data);
        // Damage inside the compressed stream (a header claiming 2^31 pixels in a 100-byte file), or to the gzip bytes themselves.
        Report(FuzzHarness.Run("IdxFile (gzip)", "fuzz.idx.gz", Cases, seed: 8002,
            m => m.Next(2) == 0 ? Gzipped(Binary(m, valid, fields)) : Binary(m, zipped, [new("gzip flags", 3, 1, true), new("gzip size", zipped.Length - 4, 4, false)]),
            bytes => IdxFile.Read("fuzz.idx.gz", new MemoryStream(bytes)), bytesPerFileByte: 16));

        static (byte[], string) Gzipped((byte[] Bytes, string What) raw) => (ValidFiles.Gzip(raw.Bytes), $"gzip of IDX with {raw.What}");
    }

    [Fact]
    public void Safetensors_files_load_or_are_refused_cleanly()
    {
        var valid = ValidFiles.SafeTensors();
        Assert.Equal(3, SafeTensorsFile.Parse("seed.safetensors", valid).Tensors.Count);
        Report(FuzzHarness.Run("SafeTensorsFile", "fuzz.safetensors", Cases, seed: 8003, m => SafeTensors(m, valid),
            bytes => SafeTensorsFile.Parse("fuzz.safetensors", bytes), bytesPerFileByte: 16));
    }

    [Fact]
    public void Checkpoints_load_or_are_refused_leaving_the_state_as_it_was()
    {
        var valid = ValidFiles.Checkpoint(first: 100.5f);
        using var state = TinyGan.State(first: 0.25f);
        var untouched = TinyGan.Snapshot(state);
        Checkpoint.Load(SafeTensorsFile.Parse("seed.safetensors", valid), state);
        Assert.NotEqual(untouched, TinyGan.Snapshot(state));
        TinyGan.Fill(state, first: 0.25f);

        Report(FuzzHarness.Run("Checkpoint", "fuzz.safetensors", Cases, seed: 8004,
            m => m.Next(8) == 0 ? NonFinite(m, valid) : SafeTensors(m, valid),
            bytes =>
            {
                try
                {
                    Checkpoint.Load(SafeTensorsFile.Parse("fuzz.safetensors", bytes), state);
                }
                catch (DcganException)
                {
                    Assert.Equal(untouched, TinyGan.Snapshot(state)); // refused: nothing half-loaded
                    throw;
                }
                TinyGan.Fill(state, first: 0.25f);
            }, bytesPerFileByte: 16));

        // One value of the data made NaN or infinite: checkpoint parameters must be finite.
        static (byte[], string) NonFinite(Mutator m, byte[] valid)
        {
            var (length, _, data) = ValidFiles.SplitSafeTensors(valid);
            var bytes = (byte[])valid.Clone();
            int at = 8 + (int)length + 4 * m.Next(data.Length / 4);
            float value = m.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
            BitConverter.TryWriteBytes(bytes.AsSpan(at), value);
            return (bytes, $"{value} written at byte {at}");
        }
    }

    public static TheoryData<string> ImageFormats => [.. ValidFiles.ImageFormats];

    [Theory]
    [MemberData(nameof(ImageFormats))]
    public void Images_load_or_are_refused_cleanly(string format)
    {
        var (valid, fields) = ValidFiles.Image(format);
        if (format == "webp")
        {
            // Lossless WebP is refused from its header (see ImageCodec); its damaged copies still go through Identify.
            Assert.Contains("lossless WebP", Assert.Throws<DcganException>(() => ImageFolder.Decode("seed.webp", valid, 3, 8, 8)).Message);
        }
        else
        {
            Assert.Equal(3 * 8 * 8, ImageFolder.Decode($"seed.{format}", valid, 3, 8, 8).Length);
        }
        string source = $"fuzz.{format}";
        // ImageCodec lets a header claim at most MaxExpansion RGB bytes per file byte (counted over whole 16x16 blocks),
        // the decode allocate BytesPerPixel per such pixel, and ImageFolder keep two copies of 3 bytes per pixel; header
        // reading and the decode each have a fixed budget besides. Beyond that a size claim went unchecked.
        long perFileByte = (ImageCodec.BytesPerPixel + 6) * ImageCodec.MaxExpansion / 3 + ImageCodec.HeaderBytesPerFileByte;
        Report(FuzzHarness.Run($"ImageFolder ({format})", source, Cases, seed: 8005, m => Binary(m, valid, fields),
            bytes => ImageFolder.Decode(source, bytes, 3, 8, 8), bytesPerFileByte: perFileByte, fixedBytes: 2 * ImageCodec.FixedBudget + 256 * 1024));
    }

    [Fact]
    public void Run_configs_load_or_are_refused_cleanly()
    {
        Assert.Equal(128, RunConfig.Parse("seed.json", Mutator.Utf8(ValidFiles.Config)).BatchSize);
        Report(FuzzHarness.Run("RunConfig (config.json)", "config.json", Cases, seed: 8006, m => Json(m, ValidFiles.Config),
            bytes => RunConfig.Parse("config.json", bytes), bytesPerFileByte: 32));
    }

    [Fact]
    public void Noise_floor_summaries_load_or_are_refused_cleanly()
    {
        Assert.Equal(1.5e-7, NoiseFloor.Parse("seed.json", Mutator.Utf8(ValidFiles.NoiseFloor)).Floor.MaxAbs("step1.G.0.weight.grad"));
        Report(FuzzHarness.Run("NoiseFloor", "noise-floor.json", Cases, seed: 8007, m => Json(m, ValidFiles.NoiseFloor),
            bytes => NoiseFloor.Parse("noise-floor.json", bytes), bytesPerFileByte: 32));
    }
}
