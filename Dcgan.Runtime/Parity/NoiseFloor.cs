namespace Dcgan.Runtime.Parity;

/// <summary>
/// PyTorch's disagreement with itself: the same fixture made at 2 threads instead of 1
/// (parity/make_noise_floor.sh). A bias that feeds batch norm has an exactly-zero gradient,
/// so the stored value is rounding noise that Adam turns into +-lr steps, and everything
/// downstream inherits it. Where PyTorch differs from itself by e, a difference up to 2e is
/// not evidence of a bug.
/// </summary>
public static class NoiseFloor
{
    private static readonly string[] MustMatch = ["model", "recipe", "batch", "steps", "seed", "hyper", "latent_shape", "image_shape"];

    /// <summary>Finds a floor made for exactly this fixture: beside it in noise-floor/, or in the parity/noise-floor folder shipped with dcgan.</summary>
    public static SafeTensorsFile? Find(string fixturePath, SafeTensorsFile fixture, string? explicitPath)
    {
        var candidates = new List<string>();
        string name = Path.GetFileName(fixturePath);
        if (explicitPath is not null)
            candidates.Add(Directory.Exists(explicitPath) ? Path.Combine(explicitPath, name) : explicitPath);
        candidates.Add(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(fixturePath)) ?? ".", "noise-floor", name));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "parity", "noise-floor", name));
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "parity", "noise-floor", name));
        foreach (var path in candidates.Where(File.Exists))
        {
            var floor = SafeTensorsFile.Read(path);
            if (MustMatch.All(key => fixture.Metadata.GetValueOrDefault(key) == floor.Metadata.GetValueOrDefault(key)))
                return floor;
        }
        return null;
    }
}
