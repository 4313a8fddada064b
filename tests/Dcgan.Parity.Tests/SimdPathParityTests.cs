using System.Collections.Concurrent;
using System.Text.Json;
using Dcgan.Runtime.Cpu;
using Dcgan.Tests.Shared;
using Xunit.Abstractions;

namespace Dcgan.Parity.Tests;

/// <summary>
/// Parity on every SIMD path this CPU has, not only its widest: the in-process tests (ZooParityTests) run the path
/// this process was given, and these run dcgan-cli in child processes whose JIT is told to leave the wider
/// instruction sets out, so one AVX-512 machine also checks what an AVX2-only CPU computes, and both check the
/// scalar kernels. Each child's report names the path it ran on, and a child that ran on another path than asked
/// (a JIT switch that no longer works) fails the test rather than passing on the wrong path.
/// </summary>
public sealed class SimdPathParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Fixtures() => new(ParityFixtures.All());
    public static TheoryData<string> OnePerModel() => new(ParityFixtures.OnePerModel());

    [SkippableTheory]
    [MemberData(nameof(Fixtures))]
    public void Every_fixture_passes_on_the_avx2_path_too(string name)
    {
        Skip.IfNot(CpuKernels.SimdPath == "avx512",
            $"this process runs the {CpuKernels.SimdPath} path: the AVX2 path is the in-process tests' own or beyond this CPU");
        Check(NarrowerPath.Avx2, name);
    }

    [SkippableTheory]
    [MemberData(nameof(OnePerModel))]
    public void One_fixture_of_every_model_passes_on_the_scalar_path(string name)
    {
        Skip.If(CpuKernels.SimdPath == "scalar", "this process runs the scalar path already (the in-process tests)");
        Check(NarrowerPath.Scalar, name);
    }

    private void Check(NarrowerPath path, string name)
    {
        var report = NarrowerPath.Report(path, ParityFixtures.File(name));
        string device = report.GetProperty("device").GetString()!;
        output.WriteLine($"{name} on {device}: worst {report.GetProperty("worst_tensor").GetString()} at {report.GetProperty("worst_ratio").GetDouble():F4} of its tolerance");
        Assert.Equal($"cpu {path.Name}", device);
        var failures = report.GetProperty("failures").EnumerateArray().Select(f => f.GetString());
        Assert.True(report.GetProperty("passed").GetBoolean(), $"on {device}:\n" + string.Join("\n", failures));
    }

    /// <summary>A path narrower than this process's, and the JIT settings that give a child process that path.</summary>
    private sealed record NarrowerPath(string Name, IReadOnlyDictionary<string, string?> Environment, Func<IEnumerable<string>> Fixtures)
    {
        // .NET 8 and 9 read DOTNET_EnableAVX512F; .NET 10 reads DOTNET_EnableAVX512 (the F switch no longer does anything).
        public static readonly NarrowerPath Avx2 = new("avx2",
            new Dictionary<string, string?> { ["DOTNET_EnableAVX512"] = "0", ["DOTNET_EnableAVX512F"] = "0" }, ParityFixtures.All);
        public static readonly NarrowerPath Scalar = new("scalar",
            new Dictionary<string, string?> { ["DOTNET_EnableAVX2"] = "0" }, ParityFixtures.OnePerModel);

        private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, JsonElement>>> s_runs = new();

        /// <summary>The child's report on <paramref name="fixture"/>; one child per path replays all of that path's fixtures, once per test run.</summary>
        public static JsonElement Report(NarrowerPath path, string fixture)
        {
            var reports = s_runs.GetOrAdd(path.Name, _ => new Lazy<IReadOnlyDictionary<string, JsonElement>>(() => RunAll(path))).Value;
            return reports.TryGetValue(fixture, out var report) ? report
                : throw new InvalidOperationException($"the {path.Name} child reported nothing on {fixture}");
        }

        private static IReadOnlyDictionary<string, JsonElement> RunAll(NarrowerPath path)
        {
            var fixtures = path.Fixtures().Select(ParityFixtures.File).ToList();
            var result = CliProcess.Run(["parity", "--json", "--device", "cpu", "--noise-floor", Paths.SharedNoiseFloor, .. fixtures], path.Environment);
            var reports = new Dictionary<string, JsonElement>();
            foreach (var line in result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var report = JsonDocument.Parse(line).RootElement.Clone();
                reports[report.GetProperty("fixture").GetString()!] = report;
            }
            if (reports.Count != fixtures.Count)
                throw new InvalidOperationException($"the {path.Name} child (exit {result.ExitCode}) reported on {reports.Count} of {fixtures.Count} fixtures: {result.Error}");
            return reports;
        }
    }
}
