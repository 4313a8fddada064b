using System.CommandLine;
using Dcgan.Runtime.Export;
using Dcgan.Runtime.IO;

namespace Dcgan.App.Commands;

/// <summary>
/// <c>dcgan-cli export CHECKPOINT --onnx FILE</c>: the trained generator as an ONNX model (opset 17, batch norm
/// in eval mode) for ONNX Runtime and other tools: input <c>z</c> [batch, latent...], output <c>image</c>.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint written by dcgan-cli train" };
        var onnx = new Option<string>("--onnx") { Description = "The .onnx file to write", Required = true };
        var command = new Command("export", "Write a trained generator as an ONNX model") { checkpoint, onnx };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(checkpoint)!, target = parse.GetValue(onnx)!;
            WritableLocation.RequireFile("--onnx", target);
            using var generator = CheckpointGenerator.Open(path);
            var definition = generator.Definition;
            var bytes = generator.ExportOnnx(new Dictionary<string, string> { ["checkpoint"] = Path.GetFileName(path) });
            AtomicFile.WriteAllBytes(target, bytes);
            Console.WriteLine($"{definition.Name}'s generator from {path} -> {target} ({bytes.Length / 1024.0:N0} KiB, ONNX opset {OnnxExport.Opset}): "
                + $"input '{OnnxExport.InputName}' [batch, {string.Join(", ", definition.LatentShape)}] ({definition.LatentDistribution} latents), "
                + $"output '{OnnxExport.OutputName}' [batch, {string.Join(", ", definition.ImageShape)}] in {(definition.Pixels == PixelRange.ZeroOne ? "[0, 1]" : "[-1, 1]")}");
            return CliRunner.Ok;
        });
        return command;
    }
}
