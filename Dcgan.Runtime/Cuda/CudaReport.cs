using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>One library as doctor found it: where it loaded from (or why not), its version, and anything worth knowing.</summary>
public sealed record LibraryReport(CudaLibrary Library, LibraryLoadResult Load, string? Version, string? Problem, IReadOnlyList<string> Notes);

/// <summary>Something that stops a GPU run: what it concerns (a library, the GPU, a check) and what is wrong.</summary>
public sealed record CudaProblem(string Subject, string Detail)
{
    public override string ToString() => $"{Subject}: {Detail}";
}

/// <summary>What <see cref="CudaDoctor"/> found: the GPU and driver, each library, and the checks run on the GPU.</summary>
public sealed record CudaReport(GpuProbe Gpu, IReadOnlyList<LibraryReport> Libraries, IReadOnlyList<GpuSmokeTest.Step> Checks)
{
    /// <summary>Everything that stops a GPU run, in the report's order; empty when everything it needs works.</summary>
    public IReadOnlyList<CudaProblem> Problems
    {
        get
        {
            var problems = Libraries.Where(library => library.Problem is not null).Select(library => new CudaProblem(library.Library.Title, library.Problem!)).ToList();
            // Without the driver the GPU's problem is the driver's, already listed.
            if (Gpu.Driver.IsLoaded && Gpu.Problem is not null) problems.Insert(0, new CudaProblem("GPU", Gpu.Problem));
            problems.AddRange(Checks.Where(check => check.Problem is not null).Select(check => new CudaProblem(check.Name, check.Problem!)));
            return problems;
        }
    }

    public bool Ready => Problems.Count == 0;
}
