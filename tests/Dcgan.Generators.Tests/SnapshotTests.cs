using System.Text;

namespace Dcgan.Generators.Tests;

/// <summary>
/// The emitted code of every zoo model and the judge (the C# step, the CUDA source, the kernel
/// table and the device programs), word for word, against files a person has read (Snapshots/). A change to the generator that changes its output shows up here as a diff to
/// review; after reviewing, DCGAN_UPDATE_SNAPSHOTS=1 dotnet test rewrites the files.
/// </summary>
public class SnapshotTests
{
    [Theory]
    [InlineData("Conv4x4.cs")]
    [InlineData("Dcgan64.cs")]
    [InlineData("FcConvMnist.cs")]
    [InlineData("GanLab.cs")]
    [InlineData("MnistJudge.cs")]
    [InlineData("PyImageSearch.cs")]
    [InlineData("TfDcgan.cs")]
    public void Emitted_code_matches_the_reviewed_snapshot(string modelFile)
    {
        string root = RepositoryRoot();
        string source = File.ReadAllText(Path.Combine(root, "Dcgan.Models", modelFile));
        var (generatorDiagnostics, compileErrors, run) = GeneratorHarness.Run(source);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(compileErrors);

        var emitted = new StringBuilder();
        // The CUDA prelude is Dcgan.Generators/Cuda/*.cuh verbatim, the same in every model: it is left out.
        foreach (var generated in run.Results.Single().GeneratedSources.Where(s => s.HintName != "Dcgan.CudaPrelude.g.cs").OrderBy(s => s.HintName, StringComparer.Ordinal))
            emitted.Append("// ===== ").Append(generated.HintName).Append(" =====\n").Append(generated.SourceText.ToString().Replace("\r\n", "\n"));
        string snapshot = Path.Combine(root, "tests", "Dcgan.Generators.Tests", "Snapshots", Path.ChangeExtension(modelFile, ".g.cs.txt"));
        if (Environment.GetEnvironmentVariable("DCGAN_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(snapshot)!);
            File.WriteAllText(snapshot, emitted.ToString());
        }
        Assert.True(File.Exists(snapshot), $"no snapshot at {snapshot}; run DCGAN_UPDATE_SNAPSHOTS=1 dotnet test to write it");
        string[] expected = File.ReadAllText(snapshot).Replace("\r\n", "\n").Split('\n'), actual = emitted.ToString().Split('\n');
        for (int i = 0; i < Math.Min(expected.Length, actual.Length); i++)
            Assert.True(expected[i] == actual[i], $"{Path.GetFileName(snapshot)} line {i + 1} differs:\n  snapshot: {expected[i]}\n  emitted:  {actual[i]}\n"
                + "Review the change; DCGAN_UPDATE_SNAPSHOTS=1 dotnet test rewrites the snapshots.");
        Assert.Equal(expected.Length, actual.Length);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dcgan.sln"))) return dir.FullName;
        throw new InvalidOperationException("Dcgan.sln not found above " + AppContext.BaseDirectory);
    }
}
