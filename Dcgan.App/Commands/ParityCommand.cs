using System.CommandLine;
using Dcgan.Runtime;
using Dcgan.Runtime.Parity;

namespace Dcgan.App.Commands;

/// <summary><c>dcgan-cli parity FIXTURE...</c>: replay PyTorch fixtures through the compiled steps, one line each.</summary>
public static class ParityCommand
{
    public static Command Create()
    {
        var fixtures = new Argument<string[]>("fixtures") { Description = "Fixture files (.safetensors, dcgan-parity/1)", Arity = ArgumentArity.OneOrMore };
        var device = DeviceOption.Create();
        var cudaLibs = DeviceOption.CreateCudaLibs();
        var verbose = new Option<bool>("--verbose") { Description = "Print every compared tensor" };
        var json = new Option<bool>("--json") { Description = "One JSON object per fixture (fixture, model, device and SIMD path, passed, worst tensor and its share of the tolerance, failures)" };
        var floorOption = new Option<string?>("--noise-floor") { Description = "PyTorch's rounding spread on the fixtures (parity/noise_floor.py; a <model>.json summary or its directory; default: noise-floor/ beside the fixture, then the floors of the shared fixtures that dcgan carries)" };
        var dump = new Option<string?>("--dump") { Description = "Write this side's tensors to DIR/<fixture> (safetensors, the fixture's names) to study a failure" };
        var command = new Command("parity", "Check compiled steps against PyTorch fixtures") { fixtures, device, cudaLibs, verbose, json, floorOption, dump };
        command.SetAction(parse =>
        {
            var deviceChoice = DeviceOption.Resolve(parse.GetValue(device), parse.GetValue(cudaLibs));
            if (parse.GetValue(dump) is { } dumpTo) WritableLocation.RequireDirectory("--dump", dumpTo);
            bool asJson = parse.GetValue(json);
            if (deviceChoice.Note is { } note && !asJson) Console.WriteLine(note);
            bool allPassed = true;
            foreach (var path in parse.GetValue(fixtures)!)
            {
                if (!File.Exists(path)) throw new UsageException($"no such fixture: {path}");
                string? dumpDirectory = parse.GetValue(dump);
                if (dumpDirectory is not null) Directory.CreateDirectory(dumpDirectory);
                ParityReport report;
                try
                {
                    report = ParityRunner.Run(path, ModelCatalog.Find, parse.GetValue(floorOption),
                        dumpDirectory is null ? null : Path.Combine(dumpDirectory, Path.GetFileName(path)), deviceChoice.Device);
                }
                catch (DcganException e)
                {
                    // One unreadable fixture fails the run but does not hide the others' results.
                    Console.WriteLine(asJson ? Json(path, e.Message) : $"FAIL  {Path.GetFileName(path)}: {e.Message}");
                    allPassed = false;
                    continue;
                }
                allPassed &= report.Passed;
                if (asJson)
                {
                    Console.WriteLine(Json(path, report));
                    continue;
                }
                var worst = report.Worst;
                Console.WriteLine($"{(report.Passed ? "PASS" : "FAIL")}  {report.Fixture}  ({report.Model}, batch {report.Batch}, {report.Steps} steps, {report.Device}): "
                    + $"{report.Checks.Count} tensors, worst {worst.Tensor} error {worst.WorstError:E2} vs tolerance {worst.Tolerance:E2} ({worst.Ratio:F2} of it)"
                    + $"; {report.StrictPasses}/{report.Checks.Count} within FORMAT.md's tolerance alone"
                    + (report.StrictPasses < report.Checks.Count && report.NoiseFloor is not null ? $", the rest within twice PyTorch's own rounding spread ({report.NoiseFloor})" : "")
                    + (report.NoiseFloor is null ? " (no noise floor found: strict tolerances only)" : ""));
                foreach (var check in report.Checks.Where(c => parse.GetValue(verbose) || !c.Passed))
                    Console.WriteLine($"    {(check.Passed ? "ok  " : "FAIL")} {check.Tensor,-40} {check.WorstError:E2} / {check.Tolerance:E2} {check.Detail}");
            }
            return allPassed ? CliRunner.Ok : CliRunner.Failed;
        });
        return command;
    }

    private static string Json(string path, ParityReport report) => JsonObject.Write(w =>
    {
        var worst = report.Worst;
        w.WriteString("fixture", path);
        w.WriteString("model", report.Model);
        w.WriteString("device", report.Device);
        w.WriteBoolean("passed", report.Passed);
        w.WriteNumber("tensors", report.Checks.Count);
        w.WriteNumber("strict", report.StrictPasses);
        w.WriteString("worst_tensor", worst.Tensor);
        w.WriteNumber("worst_error", Finite(worst.WorstError));
        w.WriteNumber("worst_tolerance", worst.Tolerance);
        w.WriteNumber("worst_ratio", Finite(worst.Ratio));
        w.WriteStartArray("failures");
        foreach (var check in report.Checks.Where(c => !c.Passed))
            w.WriteStringValue($"{check.Tensor}: {check.WorstError:E3} > {check.Tolerance:E3} {check.Detail}".TrimEnd());
        w.WriteEndArray();
    });

    private static string Json(string path, string refusal) => JsonObject.Write(w =>
    {
        w.WriteString("fixture", path);
        w.WriteBoolean("passed", false);
        w.WriteString("error", refusal);
    });

    /// <summary>JSON has no infinity: a NaN or infinite error is written as the largest double.</summary>
    private static double Finite(double value) => double.IsFinite(value) ? value : double.MaxValue;
}
