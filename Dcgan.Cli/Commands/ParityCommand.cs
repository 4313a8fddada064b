using System.CommandLine;
using Dcgan.Runtime.Parity;

namespace Dcgan.Cli.Commands;

/// <summary><c>dcgan-cli parity FIXTURE...</c>: replay PyTorch fixtures through the compiled steps, one line each.</summary>
public static class ParityCommand
{
    public static Command Create()
    {
        var fixtures = new Argument<string[]>("fixtures") { Description = "Fixture files (.safetensors, dcgan-parity/1)", Arity = ArgumentArity.OneOrMore };
        var device = DeviceOption.Create();
        var verbose = new Option<bool>("--verbose") { Description = "Print every compared tensor" };
        var floorOption = new Option<string?>("--noise-floor") { Description = "PyTorch's 2-thread re-run of the fixtures (file or directory; default: noise-floor/ beside the fixture, then dcgan's parity/noise-floor)" };
        var command = new Command("parity", "Check compiled steps against PyTorch fixtures") { fixtures, device, verbose, floorOption };
        command.SetAction(parse =>
        {
            DeviceOption.Resolve(parse.GetValue(device));
            bool allPassed = true;
            foreach (var path in parse.GetValue(fixtures)!)
            {
                if (!File.Exists(path)) throw new UsageException($"no such fixture: {path}");
                var report = ParityRunner.Run(path, ModelCatalog.Find, parse.GetValue(floorOption));
                var worst = report.Worst;
                allPassed &= report.Passed;
                Console.WriteLine($"{(report.Passed ? "PASS" : "FAIL")}  {report.Fixture}  ({report.Model}, batch {report.Batch}, {report.Steps} steps, cpu): "
                    + $"{report.Checks.Count} tensors, worst {worst.Tensor} error {worst.WorstError:E2} vs tolerance {worst.Tolerance:E2} ({worst.Ratio:F2} of it)"
                    + $"; {report.StrictPasses}/{report.Checks.Count} within FORMAT.md's tolerance alone, the rest within twice PyTorch's own 1-vs-2-thread difference"
                    + (report.NoiseFloor is null ? " (no noise floor found: strict tolerances only)" : ""));
                foreach (var check in report.Checks.Where(c => parse.GetValue(verbose) || !c.Passed))
                    Console.WriteLine($"    {(check.Passed ? "ok  " : "FAIL")} {check.Tensor,-40} {check.WorstError:E2} / {check.Tolerance:E2} {check.Detail}");
            }
            return allPassed ? CliRunner.Ok : CliRunner.Failed;
        });
        return command;
    }
}
