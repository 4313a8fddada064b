using System.Collections.Generic;
using Dcgan.Generators.Model;
using Dcgan.Runtime;
using Microsoft.CodeAnalysis;

namespace Dcgan.Generators.Parsing
{
    /// <summary>Turns one layer attribute into a <see cref="LayerModel"/>, reporting arguments no layer can have.</summary>
    internal static class LayerReader
    {
        public static LayerModel Read(AttributeData data, int index, string block, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            string name = data.AttributeClass!.Name;
            var kind = name switch
            {
                "LinearAttribute" => LayerOp.Linear,
                "Conv2dAttribute" => LayerOp.Conv2d,
                "ConvTranspose2dAttribute" => LayerOp.ConvTranspose2d,
                "BatchNormAttribute" => LayerOp.BatchNorm,
                "LeakyReluAttribute" => LayerOp.LeakyRelu,
                "ReluAttribute" => LayerOp.Relu,
                "SigmoidAttribute" => LayerOp.Sigmoid,
                "TanhAttribute" => LayerOp.Tanh,
                "FlattenAttribute" => LayerOp.Flatten,
                "ReshapeAttribute" => LayerOp.Reshape,
                "UpsampleAttribute" => LayerOp.Upsample,
                "DropoutAttribute" => LayerOp.Dropout,
                "GaussianNoiseAttribute" => LayerOp.GaussianNoise,
                _ => LayerOp.Flatten,
            };
            var layer = new LayerModel(
                Index: index,
                Kind: kind,
                Block: block,
                Size: AttributeReader.Positional(data, 0, 0),
                Kernel: AttributeReader.Positional(data, 1, 0),
                Stride: AttributeReader.Named(data, "Stride", 1),
                Padding: AttributeReader.Named(data, "Padding", 0),
                OutputPadding: AttributeReader.Named(data, "OutputPadding", 0),
                Bias: AttributeReader.Named(data, "Bias", true),
                Eps: AttributeReader.NamedDouble(data, "Eps", 1e-5),
                Momentum: AttributeReader.NamedDouble(data, "Momentum", 0.1),
                Slope: (float)AttributeReader.PositionalDouble(data, 0, 0.01),
                UpsampleMode: kind == LayerOp.Upsample ? (UpsampleMode)AttributeReader.Positional(data, 0, (int)UpsampleMode.Nearest) : UpsampleMode.Nearest,
                Scale: AttributeReader.Named(data, "Scale", 2),
                Rate: kind == LayerOp.Dropout ? AttributeReader.PositionalDouble(data, 0, 0.5)
                    : kind == LayerOp.GaussianNoise ? AttributeReader.PositionalDouble(data, 0, 0) : 0,
                Shape: kind == LayerOp.Reshape ? AttributeReader.IntArray(data.ConstructorArguments.Length > 0 ? data.ConstructorArguments[0] : default).ToEquatableArray() : EquatableArray<int>.Empty,
                Location: location);
            string problem = Validate(layer);
            if (problem.Length > 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, location, $"{name.Replace("Attribute", "")} (layer {index})", problem));
            return layer;
        }

        private static string Validate(LayerModel l)
        {
            switch (l.Kind)
            {
                case LayerOp.Linear:
                    return l.Size < 1 ? $"the output size must be at least 1, got {l.Size}" : "";
                case LayerOp.Conv2d:
                case LayerOp.ConvTranspose2d:
                    if (l.Size < 1) return $"the output channel count must be at least 1, got {l.Size}";
                    if (l.Kernel < 1) return $"the kernel size must be at least 1, got {l.Kernel}";
                    if (l.Stride < 1) return $"Stride must be at least 1, got {l.Stride}";
                    if (l.Padding < 0) return $"Padding cannot be negative, got {l.Padding}";
                    if (l.OutputPadding < 0) return $"OutputPadding cannot be negative, got {l.OutputPadding}";
                    if (l.Kind == LayerOp.ConvTranspose2d && l.OutputPadding >= l.Stride)
                        return $"OutputPadding must be smaller than Stride (as in PyTorch), got OutputPadding = {l.OutputPadding} with Stride = {l.Stride}";
                    if (l.Kind == LayerOp.Conv2d && l.OutputPadding != 0) return "OutputPadding applies to ConvTranspose2d only";
                    return "";
                case LayerOp.BatchNorm:
                    if (!(l.Eps > 0)) return $"Eps must be positive, got {l.Eps}";
                    if (!(l.Momentum >= 0 && l.Momentum <= 1)) return $"Momentum must lie in [0, 1] (PyTorch's convention: TensorFlow's decay 0.99 is Momentum = 0.01), got {l.Momentum}";
                    return "";
                case LayerOp.LeakyRelu:
                    return l.Slope < 0 ? $"the negative slope cannot be negative, got {l.Slope}" : "";
                case LayerOp.Reshape:
                    if (l.Shape.Count == 0) return "Reshape needs the target shape of one sample, e.g. [Reshape(16, 7, 7)]";
                    foreach (var d in l.Shape)
                        if (d < 1) return $"every size must be positive, got [{string.Join(", ", l.Shape)}]";
                    return "";
                case LayerOp.Upsample:
                    if (l.Scale != 2) return $"Scale {l.Scale} is not supported; Upsample doubles height and width (Scale = 2)";
                    if (l.UpsampleMode != UpsampleMode.Nearest && l.UpsampleMode != UpsampleMode.Bilinear) return $"unknown mode {(int)l.UpsampleMode}";
                    return "";
                case LayerOp.Dropout:
                    return !(l.Rate >= 0 && l.Rate < 1) ? $"the rate must lie in [0, 1), got {l.Rate}" : "";
                case LayerOp.GaussianNoise:
                    return !(l.Rate >= 0) || double.IsInfinity(l.Rate) ? $"sigma must be a finite number >= 0, got {l.Rate}" : "";
                default:
                    return "";
            }
        }
    }
}
