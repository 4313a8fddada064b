using System.Globalization;
using System.Linq;
using Dcgan.Generators.Model;
using Dcgan.Runtime;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// Walks a network's layers from its input shape, giving each layer its output shape, and
    /// reports the first layer that cannot take what it is given (DCGAN001) with both shapes.
    /// </summary>
    internal static class ShapeInference
    {
        public static void Run(NetworkPlan plan)
        {
            var shape = plan.Input;
            string network = plan.Model.TypeName;
            foreach (var layer in plan.Model.Layers)
            {
                string problem = "";
                int[] output = shape;
                string description;
                switch (layer.Kind)
                {
                    case LayerOp.Linear:
                        description = $"Linear({(shape.Length == 1 ? shape[0] : 0)} -> {layer.Size}{(layer.Bias ? "" : ", no bias")})";
                        if (shape.Length != 1) problem = $"Linear takes a flat input of one sample; add [Flatten] before it";
                        output = new[] { layer.Size };
                        break;
                    case LayerOp.Conv2d:
                    case LayerOp.ConvTranspose2d:
                    {
                        bool transposed = layer.Kind == LayerOp.ConvTranspose2d;
                        description = $"{(transposed ? "ConvTranspose2d" : "Conv2d")}({(shape.Length == 3 ? shape[0] : 0)} -> {layer.Size}, {layer.Kernel}x{layer.Kernel}"
                            + (layer.Stride != 1 ? $", stride {layer.Stride}" : "") + (layer.Padding != 0 ? $", pad {layer.Padding}" : "")
                            + (layer.OutputPadding != 0 ? $", out pad {layer.OutputPadding}" : "") + (layer.Bias ? "" : ", no bias") + ")";
                        if (shape.Length != 3)
                        {
                            problem = "it takes [channels, height, width] per sample; add [Reshape(c, h, w)] before it";
                            break;
                        }
                        int h = transposed ? (shape[1] - 1) * layer.Stride - 2 * layer.Padding + layer.Kernel + layer.OutputPadding
                                           : Floor(shape[1] + 2 * layer.Padding - layer.Kernel, layer.Stride) + 1;
                        int w = transposed ? (shape[2] - 1) * layer.Stride - 2 * layer.Padding + layer.Kernel + layer.OutputPadding
                                           : Floor(shape[2] + 2 * layer.Padding - layer.Kernel, layer.Stride) + 1;
                        if (h < 1 || w < 1)
                            problem = transposed
                                ? $"a {layer.Kernel}x{layer.Kernel} kernel with stride {layer.Stride} and padding {layer.Padding} leaves an output of {h}x{w}"
                                : $"the {layer.Kernel}x{layer.Kernel} kernel does not fit in {shape[1]}x{shape[2]} padded by {layer.Padding}";
                        output = new[] { layer.Size, h, w };
                        break;
                    }
                    case LayerOp.BatchNorm:
                        description = shape.Length == 1 ? $"BatchNorm1d({shape[0]}" : $"BatchNorm2d({(shape.Length == 3 ? shape[0] : 0)}";
                        description += (layer.Eps != 1e-5 ? ", eps " + layer.Eps.ToString("R", CultureInfo.InvariantCulture) : "")
                            + (layer.Momentum != 0.1 ? ", momentum " + layer.Momentum.ToString("R", CultureInfo.InvariantCulture) : "") + ")";
                        if (shape.Length != 1 && shape.Length != 3)
                            problem = "batch norm takes [features] (BatchNorm1d) or [channels, height, width] (BatchNorm2d)";
                        break;
                    case LayerOp.LeakyRelu:
                        description = "LeakyReLU(" + layer.Slope.ToString("R", CultureInfo.InvariantCulture) + ")";
                        break;
                    case LayerOp.Relu:
                        description = "ReLU";
                        break;
                    case LayerOp.Sigmoid:
                        description = "Sigmoid";
                        break;
                    case LayerOp.Tanh:
                        description = "Tanh";
                        break;
                    case LayerOp.Upsample:
                        description = $"Upsample(x2, {layer.UpsampleMode.ToString().ToLowerInvariant()})";
                        if (shape.Length != 3)
                        {
                            problem = "it takes [channels, height, width] per sample; add [Reshape(c, h, w)] before it";
                            break;
                        }
                        output = new[] { shape[0], shape[1] * 2, shape[2] * 2 };
                        break;
                    case LayerOp.Dropout:
                        description = "Dropout(" + layer.Rate.ToString("R", CultureInfo.InvariantCulture) + ")";
                        break;
                    case LayerOp.GaussianNoise:
                        description = "GaussianNoise(" + layer.Rate.ToString("R", CultureInfo.InvariantCulture) + ")";
                        break;
                    case LayerOp.Flatten:
                        description = "Flatten";
                        output = new[] { (int)ShapeText.Size(shape) };
                        break;
                    default:
                        description = "Reshape(" + string.Join(", ", layer.Shape) + ")";
                        output = layer.Shape.ToArray();
                        if (ShapeText.Size(output) != ShapeText.Size(shape))
                            problem = $"{ShapeText.Size(shape)} values per sample cannot be reshaped to {ShapeText.Of(output)} ({ShapeText.Size(output)} values)";
                        break;
                }
                if (problem.Length > 0)
                {
                    plan.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerRejectsInput, layer.Location,
                        network, layer.Index, description, ShapeText.Of(shape), problem));
                    return;
                }
                plan.Layers.Add(new LayerPlan(layer, shape, output, description));
                shape = output;
            }
        }

        // C-style division rounds toward zero; a negative numerator must round down, as the output-size formula means.
        private static int Floor(int numerator, int denominator)
            => numerator >= 0 ? numerator / denominator : -((-numerator + denominator - 1) / denominator);
    }
}
