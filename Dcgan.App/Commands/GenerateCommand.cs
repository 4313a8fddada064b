using System.CommandLine;
using Dcgan.Runtime;
using Dcgan.Runtime.Data;
using Dcgan.Runtime.Images;

namespace Dcgan.App.Commands;

/// <summary>
/// <c>dcgan-cli generate CHECKPOINT --count N --out FILE</c>: images from a trained generator (batch norm in
/// eval mode, with its running statistics, or with <c>--bn train</c> by each batch's own statistics), as a PNG
/// grid or, with <c>--format idx</c>, an IDX3 file of 28x28 images in MNIST's own format for other tools.
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint written by dcgan-cli train" };
        var count = new Option<int>("--count") { Description = "How many images", DefaultValueFactory = _ => 64 };
        var output = new Option<string>("--out") { Description = "The file to write (.png, or .idx / .gz with --format idx)", Required = true };
        var format = new Option<string?>("--format") { Description = "png or idx (default: from the file name)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the latent vectors", DefaultValueFactory = _ => 1 };
        var batchNorm = new Option<string>("--bn") { Description = "Batch norm: eval (running statistics, each image on its own) or train (each batch by its own statistics, as PyTorch samples from a generator left in training mode)", DefaultValueFactory = _ => "eval" };
        batchNorm.AcceptOnlyFromAmong("eval", "train");
        var batchSize = new Option<int>("--batch-size") { Description = "With --bn train: how many images share batch statistics", DefaultValueFactory = _ => 64 };
        var command = new Command("generate", "Write images from a trained generator") { checkpoint, count, output, format, seed, batchNorm, batchSize };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(checkpoint)!, target = parse.GetValue(output)!;
            int n = parse.GetValue(count);
            UsageException.Require(n is >= 1 and <= 1_000_000, $"--count must be between 1 and 1000000, got {n}");
            string kind = parse.GetValue(format) ?? (target.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "png" : "idx");
            UsageException.Require(kind is "png" or "idx", $"--format must be png or idx, got '{kind}'");
            bool batchStatistics = parse.GetValue(batchNorm) == "train";
            int batch = parse.GetValue(batchSize);
            UsageException.Require(batch is >= 1 and <= 65536, $"--batch-size must be between 1 and 65536, got {batch}");
            UsageException.Require(batchStatistics || parse.GetResult(batchSize) is null || parse.GetResult(batchSize)!.Implicit, "--batch-size applies to --bn train only");
            WritableLocation.RequireFile("--out", target);

            using var generator = CheckpointGenerator.Open(path);
            var definition = generator.Definition;
            int[] shape = definition.ImageShape;
            if (kind == "idx" && shape is not [1, 28, 28])
                throw new UsageException($"--format idx writes 28x28 grey images like MNIST; {definition.Name} makes {string.Join("x", shape)}");

            var latents = generator.SampleLatents(parse.GetValue(seed), n);
            var images = batchStatistics ? generator.RenderWithBatchStatistics(latents, Math.Min(batch, n)) : generator.Render(latents);
            var (low, high) = definition.PixelBounds;
            if (kind == "png")
                ImageGrid.WritePng(target, images, n, shape[0], shape[1], shape[2], low, high, columns: (int)Math.Ceiling(Math.Sqrt(n)));
            else
                IdxFile.Write(target, [n, 28, 28], ImageGrid.Levels(images, low, high));
            Console.WriteLine($"{n} images of {definition.Name} from {path} -> {target}" + (batchStatistics ? $" (batch norm in training mode, batches of {Math.Min(batch, n)})" : ""));
            return CliRunner.Ok;
        });
        return command;
    }
}
