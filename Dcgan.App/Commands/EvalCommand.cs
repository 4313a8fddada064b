using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dcgan.Runtime;
using Dcgan.Runtime.Data;
using Dcgan.Runtime.Evaluation;

namespace Dcgan.App.Commands;

/// <summary>
/// <c>dcgan-cli eval CHECKPOINT|IMAGES.idx</c>: how good generated digits are, to the shipped MNIST judge: FID
/// against the MNIST test set (beside the floor, MNIST training images against the same test set), the class
/// histogram with how many digits take at least 5% (mode coverage), and the mean top-class confidence.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A checkpoint written by dcgan-cli train, or an IDX file of 28x28 images" };
        var count = new Option<int>("--count") { Description = "Images to generate from a checkpoint (at most this many read from an IDX file)", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the latent vectors", DefaultValueFactory = _ => 1 };
        var judgePath = new Option<string?>("--judge") { Description = "Judge weights (default: the ones shipped in judge/)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where datasets live (default: $DCGAN_DATA, else ~/.local/share/dcgan)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("eval", "Measure generated digits: FID, class coverage and confidence under the MNIST judge") { input, count, seed, judgePath, dataDir, json };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(input)!;
            int n = parse.GetValue(count);
            UsageException.Require(n is >= 2 and <= 1_000_000, $"--count must be between 2 and 1000000, got {n}");
            if (!File.Exists(path)) throw new UsageException($"{path}: no such file");

            using var judge = ShippedJudge.Open(parse.GetValue(judgePath));
            var test = TrainingData.Mnist(parse.GetValue(dataDir), train: false, Console.Error.WriteLine);
            var train = TrainingData.Mnist(parse.GetValue(dataDir), train: true, Console.Error.WriteLine);
            var evaluator = new DigitEvaluator(judge, test);

            var (images, source) = Images(path, n, parse.GetValue(seed));
            var quality = evaluator.Measure(images, source);
            int floorCount = Math.Min(quality.Count, train.Count);
            var floor = evaluator.Measure(train.Images.AsSpan(0, floorCount * 784), $"{floorCount} MNIST training images");

            string accuracy = judge.Metadata.TryGetValue("test_accuracy", out var a) ? a : "?";
            if (parse.GetValue(json))
            {
                Console.WriteLine(Json(source, quality, floor, accuracy));
                return CliRunner.Ok;
            }
            Console.WriteLine($"judge       {judge.Definition.Name}, {judge.Definition.FeatureSize} features, MNIST test accuracy {accuracy}");
            Console.WriteLine($"reference   the MNIST test set, {evaluator.ReferenceCount:N0} images");
            Console.WriteLine($"FID         {quality.Fid,8:F2}   {source}");
            Console.WriteLine($"floor       {floor.Fid,8:F2}   {floorCount:N0} MNIST training images (what real digits score at this count)");
            Console.WriteLine($"classes     {quality.HistogramText}");
            Console.WriteLine($"coverage    {quality.ClassesCovered} of {judge.Definition.Classes} digits take at least {SampleQuality.CoverageShare:P0} of the images");
            Console.WriteLine($"confidence  {quality.MeanConfidence:F3} mean top-class probability (real test digits: {evaluator.ReferenceConfidence:F3})");
            return CliRunner.Ok;
        });
        return command;
    }

    /// <summary>One JSON object (see JsonObject).</summary>
    private static string Json(string source, SampleQuality quality, SampleQuality floor, string accuracy) => JsonObject.Write(w =>
    {
        w.WriteString("source", source);
        w.WriteNumber("count", quality.Count);
        w.WriteNumber("fid", Math.Round(quality.Fid, 3));
        w.WriteNumber("floor_fid", Math.Round(floor.Fid, 3));
        w.WriteNumber("classes_covered", quality.ClassesCovered);
        w.WriteStartArray("class_shares");
        foreach (double share in quality.ClassShares) w.WriteNumberValue(Math.Round(share, 4));
        w.WriteEndArray();
        w.WriteNumber("mean_confidence", Math.Round(quality.MeanConfidence, 4));
        w.WriteString("judge_test_accuracy", accuracy);
    });

    /// <summary>28x28 digits as bytes: generated from a checkpoint, or read from an IDX file.</summary>
    private static (byte[] Images, string Source) Images(string path, int count, ulong seed)
    {
        if (IsIdx(path))
        {
            var data = IdxFile.Read(path);
            if (data.Dimensions is not [_, 28, 28])
                throw new DcganException($"{path}: the judge takes 28x28 images; this IDX file holds [{string.Join(", ", data.Dimensions)}]");
            int take = Math.Min(count, data.Dimensions[0]);
            if (take < 2) throw new DcganException($"{path}: FID needs at least 2 images, the file holds {data.Dimensions[0]}");
            return (data.Data.AsSpan(0, take * 784).ToArray(), $"{take:N0} images of {path}");
        }
        using var generator = CheckpointGenerator.Open(path);
        var images = generator.Digits(count, seed);
        return (images, $"{count:N0} images of {generator.Definition.Name} from {path}");
    }

    /// <summary>An IDX file (raw or gzipped) rather than a checkpoint, by its first bytes.</summary>
    private static bool IsIdx(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        int read = file.Read(head);
        return read >= 2 && ((head[0] == 0x1f && head[1] == 0x8b) || (read == 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08));
    }
}
