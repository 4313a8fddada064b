using System.CommandLine;
using System.Globalization;
using Dcgan.Models;
using Dcgan.Runtime.Evaluation;

namespace Dcgan.App.Commands;

/// <summary>
/// <c>dcgan-cli train-judge --dataset mnist</c>: trains the MNIST judge (the classifier whose features FID is
/// measured in) with its compiled step and writes its weights with the command and the test accuracy in
/// their metadata. The repository ships the result in judge/; run this only to reproduce it.
/// </summary>
public static class TrainJudgeCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Training data (the judge reads digits)", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist");
        var epochs = new Option<int>("--epochs") { Description = "Passes over the 60,000 training images (the last at a tenth of the learning rate)", DefaultValueFactory = _ => 4 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the weights and the data order", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Where to write the weights", DefaultValueFactory = _ => ShippedJudge.RepositoryPath };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where datasets live (default: $DCGAN_DATA, else ~/.local/share/dcgan)" };
        var command = new Command("train-judge", "Train the MNIST classifier that eval measures generated digits with") { dataset, epochs, seed, output, dataDir };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(epochs);
            UsageException.Require(n is >= 1 and <= 100, $"--epochs must be between 1 and 100, got {n}");
            string target = parse.GetValue(output)!;
            WritableLocation.RequireFile("--out", target);
            var train = TrainingData.Mnist(parse.GetValue(dataDir), train: true, Console.WriteLine);
            var test = TrainingData.Mnist(parse.GetValue(dataDir), train: false, Console.WriteLine);

            var model = new MnistJudge();
            using var judge = new Judge(model);
            var definition = MnistJudge.Definition;
            Console.WriteLine($"{definition.Name}: {definition.ParameterCount:N0} parameters, {definition.FeatureSize} features, batch {definition.DefaultBatch}, "
                + $"Adam lr {definition.Adam.LearningRate}; {train.Count:N0} training and {test.Count:N0} test images");
            var results = JudgeTraining.Run(model, judge, train, test, n, parse.GetValue(seed), e =>
                Console.WriteLine($"epoch {e.Epoch}: loss {e.TrainLoss:F4}, train accuracy {e.TrainAccuracy:P2}, test accuracy {e.TestAccuracy:P2} ({e.Elapsed.TotalSeconds:F0} s)"));
            var last = results[^1];
            judge.Save(target, new Dictionary<string, string>
            {
                ["test_accuracy"] = last.TestAccuracy.ToString("F4", CultureInfo.InvariantCulture),
                ["epochs"] = n.ToString(CultureInfo.InvariantCulture),
                ["seed"] = parse.GetValue(seed).ToString(CultureInfo.InvariantCulture),
                ["command"] = $"dcgan-cli train-judge --dataset mnist --epochs {n} --seed {parse.GetValue(seed)}",
            });
            Console.WriteLine($"test accuracy {last.TestAccuracy:P2} -> {target}");
            return CliRunner.Ok;
        });
        return command;
    }
}
