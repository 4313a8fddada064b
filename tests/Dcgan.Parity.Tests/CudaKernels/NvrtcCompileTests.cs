using System.Text;
using System.Text.RegularExpressions;
using Dcgan.Runtime;
using Dcgan.Runtime.Cuda;
using Xunit.Abstractions;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// A real NVRTC (RealNvrtc: Debian's 11.8 in CI) compiles every zoo model's generated CUDA source through the project's
/// own binding, with the options the runtime passes, into a CUBIN for sm_80 (A100) and sm_90 (H100, H200): every row
/// of the kernel table is an entry ptxas compiled, and none uses local memory (no stack frame, no spills), which would
/// put per-thread arrays or register spills into slow off-chip memory.
/// </summary>
public class NvrtcCompileTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var model in ZooModel.All)
            foreach (int architecture in new[] { 80, 90 })
                data.Add(model.Name, architecture);
        return data;
    }

    [NvrtcTheory]
    [MemberData(nameof(Cases))]
    public void Every_kernel_compiles_for_the_gpu_with_no_local_memory(string name, int architecture)
    {
        var model = ZooModel.Named(name);
        var (major, minor) = NvrtcProgram.Version();
        using var program = NvrtcProgram.Create(model.CudaSource, name + ".cu");
        byte[] cubin = program.CompileToCubin(architecture, [.. CudaKernelSpec.CompileOptions, "--ptxas-options=-v"]);
        string log = program.Log();

        // ptxas -v: "Compiling entry function 'k' for 'sm_90'", then "N bytes stack frame, N bytes spill stores, N bytes
        // spill loads" and "Used N registers, ..." for each.
        var compiled = Regex.Matches(log, @"Compiling entry function '(\w+)' for 'sm_(\d+)'").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(model.Kernels.Select(k => k.Name).Order(), compiled.Order());
        // One frame line per entry, and one per device function ptxas kept out of line (libdevice's slow paths): none may use local memory either.
        var frames = Regex.Matches(log, @"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads").ToList();
        Assert.True(frames.Count >= compiled.Count, log);
        Assert.All(frames, frame => Assert.True(frame.Groups.Values.Skip(1).All(g => g.Value == "0"), $"local memory: {frame.Value}"));
        Assert.DoesNotMatch(@"[1-9]\d* bytes lmem", log);
        var registers = Regex.Matches(log, @"Used (\d+) registers").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(compiled.Count, registers.Count);

        // The CUBIN is an ELF image whose symbols include every entry by its unmangled name, as cuModuleGetFunction looks it up.
        Assert.Equal("\u007fELF", Encoding.ASCII.GetString(cubin, 0, 4));
        string image = Encoding.ASCII.GetString(cubin);
        Assert.All(model.Kernels, kernel => Assert.Contains(kernel.Name + "\0", image));
        output.WriteLine($"{name} sm_{architecture} (NVRTC {major}.{minor}): {compiled.Count} kernels, {cubin.Length:N0}-byte CUBIN, "
            + $"{registers.Min()}-{registers.Max()} registers, no local memory");
    }

    [NvrtcFact]
    public void Without_the_runtimes_options_nvrtc_11_rejects_the_source_and_the_error_carries_its_log()
    {
        var (major, _) = NvrtcProgram.Version();
        var model = ZooModel.Named("pyimagesearch");
        using var program = NvrtcProgram.Create(model.CudaSource, "pyimagesearch.cu");
        if (major >= 12)
        {
            // NVRTC 12 and 13 default to C++17; a syntax error shows the log instead.
            using var broken = NvrtcProgram.Create(model.CudaSource + "\nthis is not C++;\n", "broken.cu");
            var error = Assert.Throws<CudaException>(() => broken.CompileToCubin(90, [.. CudaKernelSpec.CompileOptions]));
            Assert.Contains("broken.cu", error.Message);
            return;
        }
        // NVRTC 11 compiles C++03 by default, where nullptr does not exist: --std=c++17 is what makes it accept the source.
        var refusal = Assert.Throws<CudaException>(() => program.CompileToCubin(90, "--fmad=false"));
        Assert.Contains("nullptr", refusal.Message);
        Assert.Contains("NVRTC_ERROR_COMPILATION", refusal.Message);
    }
}
