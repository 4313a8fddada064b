using System.Security.Cryptography;
using System.Text.Json;
using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Parity;

/// <summary>
/// PyTorch's own rounding spread on one fixture (parity/noise_floor.py writes it as
/// <c>noise-floor/&lt;model&gt;.json</c>): the same run at 2 threads, in float64, and from starting values
/// moved by eight float32 rounding steps with many random sign patterns, summarised per stored tensor
/// against the fixture. Where PyTorch's float32 answer moves by e under such changes, a difference up to
/// 2e from it is rounding, not a bug: a bias before batch norm has an exactly-zero gradient (pure noise
/// that Adam turns into +-lr), an element at an activation's kink may go either way and batch norm's
/// backward spreads that over its channel, and a few steps of Adam amplify all of it.
/// </summary>
public sealed class NoiseFloor
{
    public const string Format = "dcgan-noise-floor/1";

    private readonly Dictionary<string, Entry> _tensors;

    private NoiseFloor(string path, IReadOnlyList<string> runs, Dictionary<string, Entry> tensors)
    {
        FilePath = path;
        Runs = runs;
        _tensors = tensors;
    }

    private readonly record struct Entry(double MaxAbs, double SquaresRelative, int MostOutside, string? WorstRun);

    /// <summary>The summary file this floor was read from.</summary>
    public string FilePath { get; }

    /// <summary>The runs summarised: threads2, float64, perturbed-1 ... perturbed-N.</summary>
    public IReadOnlyList<string> Runs { get; }

    public string RunsText
    {
        get
        {
            int perturbed = Runs.Count(r => r.StartsWith("perturbed", StringComparison.Ordinal));
            var others = Runs.Where(r => !r.StartsWith("perturbed", StringComparison.Ordinal)).ToList();
            if (perturbed > 0) others.Add($"{perturbed} perturbed");
            return string.Join(", ", others);
        }
    }

    public override string ToString() => $"{RunsText} in {FilePath}";

    /// <summary>The largest |run - fixture| of any element over the runs (0 where no run stores the tensor).</summary>
    public double MaxAbs(string name) => _tensors.TryGetValue(name, out var e) ? e.MaxAbs : 0;

    /// <summary>The largest relative difference of the sum of squares over the runs.</summary>
    public double SquaresRelative(string name) => _tensors.TryGetValue(name, out var e) ? e.SquaresRelative : 0;

    /// <summary>The most elements of one run beyond FORMAT.md's parameter tolerance 1e-5 + 1e-3 |r|.</summary>
    public int MostOutside(string name) => _tensors.TryGetValue(name, out var e) ? e.MostOutside : 0;

    /// <summary>The run that moved furthest from the fixture on this tensor.</summary>
    public string? WorstRun(string name) => _tensors.TryGetValue(name, out var e) ? e.WorstRun : null;

    /// <summary>
    /// Finds the floor made for exactly this fixture file (its SHA-256 is recorded in the floor): at
    /// <paramref name="explicitPath"/> (a summary file, or a directory holding &lt;model&gt;.json), else in
    /// noise-floor/ beside the fixture, else in the parity/fixtures/noise-floor folder shipped with dcgan or
    /// found above the working directory (the floors of ../shared's fixtures, which the repository copies).
    /// </summary>
    public static NoiseFloor? Find(string fixturePath, string? explicitPath)
    {
        string name = Path.GetFileNameWithoutExtension(fixturePath) + ".json";
        var candidates = new List<string>();
        if (explicitPath is not null)
            candidates.Add(File.Exists(explicitPath) ? explicitPath : Path.Combine(explicitPath, name));
        candidates.Add(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(fixturePath)) ?? ".", "noise-floor", name));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "parity", "noise-floor", name));
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "parity", "fixtures", "noise-floor", name));

        string? sha = null;
        foreach (var candidate in candidates.Where(File.Exists))
        {
            sha ??= Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(fixturePath)));
            var floor = Read(candidate);
            if (floor.FixtureSha256 == sha) return floor.Floor;
        }
        return null;
    }

    /// <summary>Reads one summary file; a file that is not one is a clear error.</summary>
    public static (NoiseFloor Floor, string FixtureSha256) Read(string path)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"{path}: cannot read: {e.Message}", e);
        }
        return Parse(path, json);
    }

    /// <summary>Parses a summary file's bytes; <paramref name="path"/> names it in messages.</summary>
    public static (NoiseFloor Floor, string FixtureSha256) Parse(string path, byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
                throw new DcganException($"{path}: not a noise-floor summary (format is not {Format})");
            string sha = root.GetProperty("fixture_sha256").GetString() ?? "";
            var runs = root.GetProperty("runs").EnumerateArray().Select(r => r.GetString() ?? "").ToList();
            var tensors = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var tensor in root.GetProperty("tensors").EnumerateObject())
            {
                var v = tensor.Value;
                var entry = new Entry(v.GetProperty("max_abs").GetDouble(), v.GetProperty("squares_rel").GetDouble(),
                    v.GetProperty("most_outside").GetInt32(), v.TryGetProperty("worst_run", out var w) ? w.GetString() : null);
                if (!double.IsFinite(entry.MaxAbs) || !double.IsFinite(entry.SquaresRelative) || entry.MaxAbs < 0 || entry.MostOutside < 0)
                    throw new DcganException($"{path}: tensor '{tensor.Name}' has an impossible spread");
                tensors[tensor.Name] = entry;
            }
            return (new NoiseFloor(path, runs, tensors), sha);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DcganException($"{path}: damaged noise-floor summary ({ParseProblem.Describe(e)})");
        }
    }
}
