using System.CommandLine;
using System.Text;
using Dcgan.Runtime.IO;
using Dcgan.Runtime.Parity;

namespace Dcgan.App.Commands;

/// <summary>
/// <c>dcgan-cli reference --model NAME --out DIR</c>: PyTorch's definition of a declared GAN (DIR/NAME.py) beside
/// this build's copy of parity/reference.py (DIR/reference.py), so that PyTorch can make parity fixtures for it.
/// </summary>
public static class ReferenceCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The model to write (dcgan-cli models lists them)", Required = true };
        var output = new Option<string>("--out") { Description = "The directory to write NAME.py and reference.py in (created if missing)", Required = true };
        var command = new Command("reference", "Write a model's PyTorch definition, for making parity fixtures with PyTorch") { model, output };
        command.SetAction(parse =>
        {
            string directory = parse.GetValue(output)!;
            var definition = ModelCatalog.Require(parse.GetValue(model)!).Definition;
            WritableLocation.RequireDirectory("--out", directory);
            // Everything is rendered before anything is written, so a model reference.py cannot express leaves no files.
            byte[] script = Encoding.UTF8.GetBytes(PyTorchDefinition.Render(definition));
            byte[] reference = PyTorchDefinition.ReferenceScript();
            string referencePath = Path.Combine(directory, PyTorchDefinition.ReferenceFileName);
            string scriptPath = Path.Combine(directory, PyTorchDefinition.FileName(definition));
            bool hadReference = File.Exists(referencePath);
            AtomicFile.WriteAllBytes(referencePath, reference);
            try
            {
                AtomicFile.WriteAllBytes(scriptPath, script);
            }
            catch
            {
                // Not a pair: take back the copy of reference.py this run added.
                if (!hadReference) File.Delete(referencePath);
                throw;
            }
            Console.WriteLine($"{definition.Name}: wrote {scriptPath} (PyTorch's definition: G {definition.Layers.Count(l => l.Net == Net.Generator)} modules, "
                + $"D {definition.Layers.Count(l => l.Net == Net.Discriminator)} modules) and {referencePath} (parity/reference.py as this build carries it)");
            Console.WriteLine($"make fixtures:  /usr/bin/python3 {scriptPath} FIXTURE_DIR [--batch B --steps S --seed N]   (Debian's PyTorch: apt-get install python3-torch)");
            Console.WriteLine($"check them:     dcgan-cli parity FIXTURE_DIR/{definition.Name}.safetensors");
            // FORMAT.md's tolerances alone fail on PyTorch's own rounding; the noise floor is what parity allows beyond them.
            Console.WriteLine($"noise floor:    /usr/bin/python3 parity/noise_floor.py {scriptPath} FIXTURE_DIR -- [the fixture's arguments] --models {definition.Name}   "
                + "(from a dcgan checkout, before parity: without it parity holds strict tolerances only)");
            return CliRunner.Ok;
        });
        return command;
    }
}
