namespace Dcgan.Runtime.Parity;

/// <summary>
/// PyTorch's own rounding spread on a fixture (parity/noise_floor.py): the same run at 2 threads,
/// in float64, and from starting values moved by one float32 rounding step. Where PyTorch's float32
/// answer moves by e under such changes, a difference up to 2e from it is rounding, not a bug:
/// a bias before batch norm has an exactly-zero gradient (pure noise that Adam turns into +-lr),
/// an element at a ReLU's kink may go either way, and a few steps of Adam amplify both.
/// </summary>
public sealed class NoiseFloor
{
    /// <summary>The kinds parity/noise_floor.py writes, and the file suffix of each.</summary>
    public static readonly (string Kind, string Suffix)[] Kinds = [("threads2", ""), ("float64", ".float64"), ("perturbed", ".perturbed")];

    private static readonly string[] MustMatch = ["model", "recipe", "batch", "steps", "seed", "hyper", "latent_shape", "image_shape"];

    private NoiseFloor(string directory, IReadOnlyList<(string Kind, SafeTensorsFile File)> runs)
    {
        Directory = directory;
        Runs = runs;
    }

    /// <summary>Where the floor files were found.</summary>
    public string Directory { get; }
    public IReadOnlyList<(string Kind, SafeTensorsFile File)> Runs { get; }
    public string KindsText => string.Join(", ", Runs.Select(r => r.Kind));

    /// <summary>
    /// Finds the floor runs made for exactly this fixture: in <paramref name="explicitPath"/> (a directory, or
    /// one file), else in noise-floor/ beside the fixture, else in the parity/noise-floor folder shipped with dcgan.
    /// </summary>
    public static NoiseFloor? Find(string fixturePath, SafeTensorsFile fixture, string? explicitPath)
    {
        string name = Path.GetFileNameWithoutExtension(fixturePath);
        if (explicitPath is not null && File.Exists(explicitPath))
        {
            var file = Matching(explicitPath, fixture);
            return file is null ? null : new NoiseFloor(Path.GetDirectoryName(explicitPath) ?? ".", [(file.Metadata.GetValueOrDefault("noise_floor", "threads2"), file)]);
        }
        var directories = new List<string>();
        if (explicitPath is not null) directories.Add(explicitPath);
        directories.Add(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(fixturePath)) ?? ".", "noise-floor"));
        directories.Add(Path.Combine(AppContext.BaseDirectory, "parity", "noise-floor"));
        for (var dir = new DirectoryInfo(System.IO.Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            directories.Add(Path.Combine(dir.FullName, "parity", "noise-floor"));
        foreach (var directory in directories.Where(System.IO.Directory.Exists))
        {
            var runs = new List<(string, SafeTensorsFile)>();
            foreach (var (kind, suffix) in Kinds)
                if (Matching(Path.Combine(directory, name + suffix + ".safetensors"), fixture) is { } file)
                    runs.Add((kind, file));
            if (runs.Count > 0) return new NoiseFloor(directory, runs);
        }
        return null;
    }

    private static SafeTensorsFile? Matching(string path, SafeTensorsFile fixture)
    {
        if (!File.Exists(path)) return null;
        var file = SafeTensorsFile.Read(path);
        return MustMatch.All(key => fixture.Metadata.GetValueOrDefault(key) == file.Metadata.GetValueOrDefault(key)) ? file : null;
    }

    /// <summary>Per element, the largest |run - reference| over the runs that store this tensor (null if none does).</summary>
    public double[]? Spread(string name, float[] reference)
    {
        double[]? spread = null;
        foreach (var (_, file) in Runs)
        {
            if (!file.TryGet(name, out var run) || run.Data.Length != reference.Length) continue;
            spread ??= new double[reference.Length];
            for (int i = 0; i < reference.Length; i++)
                spread[i] = Math.Max(spread[i], Math.Abs(run.Data[i] - (double)reference[i]));
        }
        return spread;
    }

    /// <summary>The most elements of one run whose difference from the reference exceeds <paramref name="tolerance"/>(i).</summary>
    public int MostOutside(string name, float[] reference, Func<int, double> tolerance)
    {
        int most = 0;
        foreach (var (_, file) in Runs)
        {
            if (!file.TryGet(name, out var run) || run.Data.Length != reference.Length) continue;
            int outside = 0;
            for (int i = 0; i < reference.Length; i++)
                if (Math.Abs(run.Data[i] - (double)reference[i]) > tolerance(i)) outside++;
            most = Math.Max(most, outside);
        }
        return most;
    }

    /// <summary>The largest relative difference in sum of squares (the @stats entry) over the runs.</summary>
    public double SumOfSquaresSpread(string name, double referenceSquares)
    {
        double spread = 0;
        foreach (var (_, file) in Runs)
            if (file.TryGet(name + "@stats", out var stats) && stats.Data.Length == 5)
                spread = Math.Max(spread, Math.Abs(stats.Data[3] - referenceSquares) / Math.Max(Math.Abs(referenceSquares), 1e-30));
        return spread;
    }
}
