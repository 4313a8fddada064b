using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>One library as doctor found it: where it loaded from (or why not), its version, and anything worth knowing.</summary>
public sealed record LibraryReport(CudaLibrary Library, LibraryLoadResult Load, string? Version, string? Problem, IReadOnlyList<string> Notes);

/// <summary>What <see cref="CudaDoctor"/> found: the GPU and driver, each library, and the checks run on the GPU.</summary>
public sealed record CudaReport(GpuProbe Gpu, IReadOnlyList<LibraryReport> Libraries, IReadOnlyList<GpuSmokeTest.Step> Checks)
{
    /// <summary>Everything that stops a GPU run, each one line; empty when everything it needs works.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = Libraries.Where(library => library.Problem is not null).Select(library => $"{library.Library.Title}: {library.Problem}").ToList();
            // Without the driver the GPU's problem is the driver's, already listed.
            if (Gpu.Driver.IsLoaded && Gpu.Problem is not null) problems.Insert(0, $"GPU: {Gpu.Problem}");
            problems.AddRange(Checks.Where(check => check.Problem is not null).Select(check => $"{check.Name}: {check.Problem}"));
            return problems;
        }
    }

    public bool Ready => Problems.Count == 0;
}
