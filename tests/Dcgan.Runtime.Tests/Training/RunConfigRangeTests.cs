using System.Text;
using Dcgan.Runtime.Tests.Fuzzing;

namespace Dcgan.Runtime.Tests.Training;

/// <summary>A resumed run's config.json is held to the same range table as train's flags and the generator's attributes.</summary>
public sealed class RunConfigRangeTests
{
    private static RunConfig Parse(string find, string replace)
    {
        Assert.Contains(find, ValidFiles.Config);
        return RunConfig.Parse("config.json", Encoding.UTF8.GetBytes(ValidFiles.Config.Replace(find, replace)));
    }

    [Fact]
    public void The_valid_config_reads()
        => Assert.Equal(0.3f, Parse("\"dropout\": 0.3", "\"dropout\": 0.3").Dropout);

    [Theory]
    [InlineData("\"label_smoothing\": 0", "\"label_smoothing\": 1", "label_smoothing is 1; it must be in [0, 1)")]
    [InlineData("\"dropout\": 0.3", "\"dropout\": 1", "dropout is 1; it must be in [0, 1)")]
    [InlineData("\"batch_size\": 128", "\"batch_size\": 70000", "batch_size is 70000; it must be between 1 and 65536")]
    [InlineData("\"lr\": 0.0002, \"beta1\": 0.5, \"beta2\": 0.999, \"eps\": 1E-08, \"weight_decay\": 0 }", "\"lr\": 3, \"beta1\": 0.5, \"beta2\": 0.999, \"eps\": 1E-08, \"weight_decay\": 0 }", "g_adam.lr is 3; it must be in (0, 1]")]
    [InlineData("\"weight_decay\": 2.5E-05", "\"weight_decay\": -1", "d_adam.weight_decay is -1; it must be a finite number >= 0")]
    public void A_value_outside_the_shared_range_is_refused_naming_the_key_and_the_range(string find, string replace, string expected)
    {
        var refused = Assert.Throws<DcganException>(() => Parse(find, replace));
        Assert.Contains(expected, refused.Message);
    }
}
