using System.CommandLine;
using Dcgan.Runtime;

namespace Dcgan.App.Commands;

/// <summary><c>dcgan-cli models</c>: the zoo and the application's own GANs, from the summaries the generator computed at build time.</summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var verbose = new Option<bool>("--layers") { Description = "Also list every layer with its output shape" };
        var command = new Command("models", "List the models (the zoo and this application's own) with their parameter counts and shapes") { verbose };
        command.SetAction(parse =>
        {
            Console.WriteLine($"{"model",-16} {"recipe",-16} {"G params",12} {"D params",12} {"latent",-12} {"image",-12} {"batch",5} {"arena/sample",12}  from");
            foreach (var registered in ModelCatalog.Registered)
            {
                var d = registered.Model.Definition;
                Console.WriteLine($"{d.Name,-16} {d.Recipe,-16} {d.ParameterCount(Net.Generator),12:N0} {d.ParameterCount(Net.Discriminator),12:N0} "
                    + $"{Shape(d.LatentShape),-12} {Shape(d.ImageShape),-12} {d.DefaultBatch,5} {d.ArenaFloatsPerSample * 4 / 1024.0,9:F0} KiB  {registered.Assembly}");
                if (parse.GetValue(verbose))
                    foreach (var layer in d.Layers)
                        Console.WriteLine($"    {(layer.Net == Net.Generator ? "G" : "D")}.{layer.Index,-3} {layer.Description,-64} {layer.OutputShapeText,-16} {(layer.Parameters > 0 ? layer.Parameters.ToString("N0") : "")}");
            }
            return CliRunner.Ok;
        });
        return command;
    }

    private static string Shape(int[] shape) => "[" + string.Join(",", shape) + "]";
}
