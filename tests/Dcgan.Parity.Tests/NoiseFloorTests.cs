using System.Security.Cryptography;
using Dcgan.Runtime;
using Dcgan.Runtime.Parity;

namespace Dcgan.Parity.Tests;

/// <summary>The allowance for PyTorch's own rounding spread applies only to the fixture it was measured on.</summary>
public class NoiseFloorTests
{
    [Theory]
    [MemberData(nameof(ZooParityTests.Fixtures), MemberType = typeof(ZooParityTests))]
    public void Every_fixture_has_the_floor_measured_on_it(string name)
    {
        var floor = NoiseFloor.Find(ParityFixtures.File(name), Paths.SharedNoiseFloor);
        Assert.NotNull(floor);
        Assert.Contains("threads2", floor.Runs);
        Assert.Contains("float64", floor.Runs);
        Assert.True(floor.Runs.Count(r => r.StartsWith("perturbed")) >= 8, floor.RunsText);
    }

    [Fact]
    public void A_floor_made_for_another_fixture_is_not_used()
    {
        string directory = Directory.CreateTempSubdirectory("dcgan-floor-").FullName;
        try
        {
            string fixture = Path.Combine(directory, "fc_conv_mnist.safetensors");
            File.Copy(Paths.SharedFixture("fc_conv_mnist.safetensors"), fixture);
            Directory.CreateDirectory(Path.Combine(directory, "noise-floor"));
            string summary = Path.Combine(directory, "noise-floor", "fc_conv_mnist.json");

            // Beside the fixture but made for another file: passed over (the floor found, if any, is the
            // one dcgan carries for this same fixture, whose SHA-256 the copy shares).
            File.WriteAllText(summary, Summary(new string('0', 64)));
            Assert.NotEqual(summary, NoiseFloor.Find(fixture, null)?.FilePath);

            File.WriteAllText(summary, Summary(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(fixture)))));
            var floor = NoiseFloor.Find(fixture, null);
            Assert.NotNull(floor);
            Assert.Equal(summary, floor.FilePath);
            Assert.Equal(0.5, floor.MaxAbs("step1/d_loss"));
            Assert.Equal(0, floor.MaxAbs("step1/g_loss"));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void A_damaged_summary_is_refused_with_its_name()
    {
        string path = Path.Combine(Path.GetTempPath(), $"floor-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Summary("ab")[..40]);
        try
        {
            var error = Assert.Throws<DcganException>(() => NoiseFloor.Read(path));
            Assert.Contains(path, error.Message);
        }
        finally { File.Delete(path); }
    }

    private static string Summary(string sha) => $$"""
        {"format": "dcgan-noise-floor/1", "fixture_sha256": "{{sha}}", "runs": ["threads2"],
         "tensors": {"step1/d_loss": {"max_abs": 0.5, "squares_rel": 0.0, "most_outside": 0, "worst_run": "threads2"} } }
        """;
}
