using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>Softmax cross-entropy against a double-precision definition, and its gradient against finite differences.</summary>
public sealed unsafe class SoftmaxCrossEntropyTests
{
    [Fact]
    public void Loss_and_gradient_match_the_definition()
    {
        const int n = 5, classes = 7;
        var random = new Random(2);
        var logits = Enumerable.Range(0, n * classes).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        logits[3] = 60f; // a large logit must not overflow
        var labels = new float[] { 0, 6, 3, 3, 1 };
        var gradient = new float[n * classes];
        float loss;
        fixed (float* x = logits, y = labels, d = gradient) loss = CpuKernels.SoftmaxCrossEntropy(x, y, n, classes, d);

        double expected = 0;
        for (int i = 0; i < n; i++)
        {
            var row = logits.Skip(i * classes).Take(classes).Select(v => (double)v).ToArray();
            double max = row.Max(), logSum = Math.Log(row.Sum(v => Math.Exp(v - max))) + max;
            expected += (logSum - row[(int)labels[i]]) / n;
            for (int k = 0; k < classes; k++)
            {
                double softmax = Math.Exp(row[k] - logSum);
                Assert.Equal((softmax - (k == (int)labels[i] ? 1 : 0)) / n, gradient[i * classes + k], 6);
            }
        }
        Assert.Equal(expected, loss, 5);

        // Finite differences of the loss agree with the gradient.
        for (int probe = 0; probe < n * classes; probe += 3)
        {
            var plus = (float[])logits.Clone();
            var minus = (float[])logits.Clone();
            plus[probe] += 1e-2f;
            minus[probe] -= 1e-2f;
            float up, down;
            fixed (float* x = plus, y = labels) up = CpuKernels.SoftmaxCrossEntropy(x, y, n, classes, null);
            fixed (float* x = minus, y = labels) down = CpuKernels.SoftmaxCrossEntropy(x, y, n, classes, null);
            Assert.Equal((up - down) / 2e-2, gradient[probe], 3);
        }
    }

    [Fact]
    public void Correct_counts_rows_whose_label_has_the_top_logit()
    {
        var logits = new float[] { 1, 5, 2, /**/ 9, 0, 0, /**/ 0, 0, 1 };
        var labels = new float[] { 1, 2, 2 };
        fixed (float* x = logits, y = labels) Assert.Equal(2, CpuKernels.CountCorrect(x, y, 3, 3));
    }
}
