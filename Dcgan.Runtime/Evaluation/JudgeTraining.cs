namespace Dcgan.Runtime.Evaluation;

/// <summary>One epoch of the judge's training: its mean loss and accuracy on the training images, and on the test set.</summary>
public sealed record JudgeEpoch(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy, TimeSpan Elapsed);

/// <summary>
/// Trains a judge on labelled images with the classifier's compiled step: shuffled batches (a Philox
/// permutation per epoch), Adam at the declared learning rate, divided by 10 for the last epoch, and the
/// test accuracy measured after each epoch in eval mode.
/// </summary>
public static class JudgeTraining
{
    public static IReadOnlyList<JudgeEpoch> Run(IClassifierModel model, Judge judge, MnistDataset train, MnistDataset test, int epochs, ulong seed, Action<JudgeEpoch> report)
    {
        var definition = model.Definition;
        var state = judge.State;
        int batch = definition.DefaultBatch, size = definition.ImageSize;
        if (train.Count < batch) throw new DcganException($"the judge trains on batches of {batch}; the training set has {train.Count} images");
        using var training = new ClassifierState(definition, batch) { Seed = seed };
        ParameterInit.Initialise(training, seed);
        var pixels = Judge.FromBytes(train.Images);
        var testPixels = Judge.FromBytes(test.Images);
        var order = new int[train.Count];
        var results = new List<JudgeEpoch>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            if (epoch == epochs && epochs > 1) training.Network.Adam = definition.Adam with { LearningRate = definition.Adam.LearningRate / 10 };
            Shuffle(order, seed, epoch);
            int steps = train.Count / batch;
            double loss = 0;
            long correct = 0;
            for (int s = 0; s < steps; s++)
            {
                var images = training.Images;
                var labels = training.Labels;
                for (int i = 0; i < batch; i++)
                {
                    int index = order[s * batch + i];
                    pixels.AsSpan(index * size, size).CopyTo(images.Slice(i * size, size));
                    labels[i] = train.Labels[index];
                }
                model.TrainStep(training);
                loss += training.Loss;
                correct += training.Correct;
            }
            state.Network.CopyWeightsFrom(training.Network);
            var verdict = judge.Assess(testPixels, "the MNIST test set");
            int right = 0;
            for (int i = 0; i < test.Count; i++) if (verdict.Classes[i] == test.Labels[i]) right++;
            var result = new JudgeEpoch(epoch, loss / steps, (double)correct / (steps * batch), (double)right / test.Count, clock.Elapsed);
            results.Add(result);
            report(result);
        }
        return results;
    }

    /// <summary>A permutation of 0..n-1 from Philox stream 2 of the seed, its counter moved to the epoch's own range.</summary>
    private static void Shuffle(int[] order, ulong seed, int epoch)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var random = new Philox(seed, stream: 2) { Counter = (ulong)epoch << 32 };
        random.Shuffle(order);
    }
}
