using System.CommandLine;
using Dcgan.Runtime.Images;

namespace Dcgan.App.Commands;

/// <summary>
/// <c>dcgan-cli interpolate CHECKPOINT --out FILE</c>: a grid of G(z1 + a (z2 - z1) + b (z3 - z1)) with a down the
/// rows and b across the columns, each from 0 to 1 (the latent-plane figure of 003), or with <c>--walk</c> one
/// row from G(z1) to G(z2) along the straight line between them.
/// </summary>
public static class InterpolateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint written by dcgan-cli train" };
        var output = new Option<string>("--out") { Description = "The PNG to write", Required = true };
        var size = new Option<int>("--size") { Description = "Images per side of the grid (or along the walk)", DefaultValueFactory = _ => 8 };
        var walk = new Option<bool>("--walk") { Description = "One row from z1 to z2 instead of the plane through z1, z2, z3" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of z1, z2, z3", DefaultValueFactory = _ => 1 };
        var command = new Command("interpolate", "Images along lines and planes of the latent space") { checkpoint, output, size, walk, seed };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(checkpoint)!, target = parse.GetValue(output)!;
            int n = parse.GetValue(size);
            UsageException.Require(n is >= 2 and <= 64, $"--size must be between 2 and 64, got {n}");
            WritableLocation.RequireFile("--out", target);
            using var generator = CheckpointGenerator.Open(path);
            var definition = generator.Definition;
            int latent = definition.LatentSize;
            var corners = generator.SampleLatents(parse.GetValue(seed), 3);
            var z1 = corners.AsSpan(0, latent);
            var z2 = corners.AsSpan(latent, latent);
            var z3 = corners.AsSpan(2 * latent, latent);

            bool line = parse.GetValue(walk);
            int rows = line ? 1 : n, count = rows * n;
            var latents = new float[count * latent];
            for (int row = 0; row < rows; row++)
            for (int column = 0; column < n; column++)
            {
                // A line: t = column / (n - 1) from z1 to z2. A plane: a down the rows towards z2, b across towards z3.
                float a = line ? column / (n - 1f) : row / (n - 1f);
                float b = line ? 0f : column / (n - 1f);
                var z = latents.AsSpan((row * n + column) * latent, latent);
                for (int i = 0; i < latent; i++) z[i] = z1[i] + a * (z2[i] - z1[i]) + b * (z3[i] - z1[i]);
            }
            var images = generator.Render(latents);
            int[] shape = definition.ImageShape;
            var (low, high) = definition.PixelBounds;
            ImageGrid.WritePng(target, images, count, shape[0], shape[1], shape[2], low, high, columns: n);
            Console.WriteLine(line
                ? $"{n} images from G(z1) to G(z2) -> {target}"
                : $"{n}x{n} images of G(z1 + a (z2 - z1) + b (z3 - z1)), a down and b across from 0 to 1 -> {target}");
            return CliRunner.Ok;
        });
        return command;
    }
}
