using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// Each model's CUDA source is device code a CUDA compiler accepts: clang's CUDA front end compiles it for sm_80
/// (host and device functions checked as on a GPU, no warning allowed), and every row of the kernel table is an
/// unmangled entry of the PTX, the name a launcher looks it up by. Skipped where clang is absent.
/// </summary>
public class CudaFrontEndTests
{
    internal static readonly string? Clang = new[] { "clang", "clang-14", "clang-15", "clang-16" }
        .Select(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists))
        .FirstOrDefault(path => path is not null);

    public static TheoryData<string> Models() => new(ZooModel.All.Select(m => m.Name));

    [ClangTheory]
    [MemberData(nameof(Models))]
    public void The_source_compiles_as_device_code_with_every_table_entry_as_a_kernel(string name)
    {
        var model = ZooModel.Named(name);
        string directory = Path.Combine(Path.GetTempPath(), "dcgan-cuda-frontend", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string source = Path.Combine(directory, name + ".cu"), ptx = Path.Combine(directory, name + ".ptx");
            File.WriteAllText(source, model.CudaSource);
            var start = new ProcessStartInfo(Clang!) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[]
            {
                "-x", "cuda", "--cuda-device-only", "--cuda-gpu-arch=sm_80", "-nocudainc", "-nocudalib", "-O2",
                "-ffp-contract=off", "-Wall", "-Wextra", "-Werror", "-S", "-include",
                Path.Combine(AppContext.BaseDirectory, "CudaKernels", "cuda_device_declarations.h"), "-o", ptx, source,
            })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"clang rejected {name}'s CUDA source:\n{errors}");

            var entries = Regex.Matches(File.ReadAllText(ptx), @"^\.visible \.entry (\w+)\(", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
            Assert.Equal(model.Kernels.Select(k => k.Name).Order(), entries.Order());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
