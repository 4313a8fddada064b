namespace Dcgan.Parity.Tests;

/// <summary>
/// The fixtures the parity tests replay, by short names that read well in test results: <c>shared/ganlab</c> for the
/// five of ../shared/parity, <c>seed3-batch5/ganlab</c> for the cases made for these tests (Fixtures/).
/// </summary>
internal static class ParityFixtures
{
    private const string Shared = "shared";

    public static IEnumerable<string> All()
    {
        foreach (var model in new[] { "fc_conv_mnist", "pyimagesearch", "conv4x4", "ganlab", "tf_dcgan" })
            yield return $"{Shared}/{model}";
        foreach (var set in new[] { "seed7-batch16", "seed3-batch5", "seed11-batch12-hyper", "dcgan64-batch3" })
            foreach (var file in Directory.GetFiles(Paths.OwnFixture(set), "*.safetensors").Order(StringComparer.Ordinal))
                yield return $"{set}/{Path.GetFileNameWithoutExtension(file)}";
    }

    /// <summary>One fixture of each zoo GAN: the shared one where there is one, else the first made here.</summary>
    public static IEnumerable<string> OnePerModel() => All().GroupBy(Model).Select(g => g.First());

    public static string Model(string name) => name[(name.IndexOf('/') + 1)..];

    /// <summary>The file of a fixture named as <see cref="All"/> names it.</summary>
    public static string File(string name)
    {
        string set = name[..name.IndexOf('/')], file = Model(name) + ".safetensors";
        return set == Shared ? Paths.SharedFixture(file) : Path.Combine(Paths.OwnFixture(set), file);
    }
}
