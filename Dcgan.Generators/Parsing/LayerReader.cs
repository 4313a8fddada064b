using System.Collections.Generic;
using System.Linq;
using Dcgan.Generators.Model;
using Dcgan.Runtime;
using Microsoft.CodeAnalysis;

namespace Dcgan.Generators.Parsing
{
    /// <summary>Turns one layer attribute into a <see cref="LayerModel"/>, reporting arguments no layer can have.</summary>
    internal static class LayerReader
    {
        /// <summary>Each layer attribute the runtime declares (Dcgan.Runtime/Attributes/LayerAttributes.cs, linked here) and its op.</summary>
        private static readonly Dictionary<string, LayerOp> Ops = new Dictionary<string, LayerOp>
        {
            [nameof(LinearAttribute)] = LayerOp.Linear,
            [nameof(Conv2dAttribute)] = LayerOp.Conv2d,
            [nameof(ConvTranspose2dAttribute)] = LayerOp.ConvTranspose2d,
            [nameof(BatchNormAttribute)] = LayerOp.BatchNorm,
            [nameof(LeakyReluAttribute)] = LayerOp.LeakyRelu,
            [nameof(ReluAttribute)] = LayerOp.Relu,
            [nameof(SigmoidAttribute)] = LayerOp.Sigmoid,
            [nameof(TanhAttribute)] = LayerOp.Tanh,
            [nameof(FlattenAttribute)] = LayerOp.Flatten,
            [nameof(ReshapeAttribute)] = LayerOp.Reshape,
            [nameof(UpsampleAttribute)] = LayerOp.Upsample,
            [nameof(DropoutAttribute)] = LayerOp.Dropout,
            [nameof(GaussianNoiseAttribute)] = LayerOp.GaussianNoise,
        };

        /// <summary>The layer <paramref name="data"/> declares, or null (and DCGAN009) for an attribute derived from LayerAttribute that dcgan does not know.</summary>
        public static LayerModel? Read(AttributeData data, int index, string block, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            string name = data.AttributeClass!.Name;
            if (!Ops.TryGetValue(name, out var kind) || data.AttributeClass.ContainingNamespace?.ToDisplayString() != "Dcgan")
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLayer, location,
                    data.AttributeClass.ToDisplayString(), $"{block} (layer {index})", string.Join(", ", Ops.Keys.Select(k => k.Substring(0, k.Length - "Attribute".Length)))));
                return null;
            }
            var layer = new LayerModel(
                Index: index,
                Kind: kind,
                Block: block,
                Size: AttributeReader.Positional(data, 0, 0),
                Kernel: AttributeReader.Positional(data, 1, 0),
                Stride: AttributeReader.Named(data, nameof(Conv2dAttribute.Stride), 1),
                Padding: AttributeReader.Named(data, nameof(Conv2dAttribute.Padding), 0),
                OutputPadding: AttributeReader.Named(data, nameof(ConvTranspose2dAttribute.OutputPadding), 0),
                Bias: AttributeReader.Named(data, nameof(LinearAttribute.Bias), true),
                Eps: AttributeReader.NamedDouble(data, nameof(BatchNormAttribute.Eps), 1e-5),
                Momentum: AttributeReader.NamedDouble(data, nameof(BatchNormAttribute.Momentum), 0.1),
                Slope: (float)AttributeReader.PositionalDouble(data, 0, 0.01),
                UpsampleMode: kind == LayerOp.Upsample ? (UpsampleMode)AttributeReader.Positional(data, 0, (int)UpsampleMode.Nearest) : UpsampleMode.Nearest,
                Scale: AttributeReader.Named(data, nameof(UpsampleAttribute.Scale), 2),
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
                    if (!HyperparameterRanges.BatchNormEps.Contains(l.Eps)) return $"Eps must be {HyperparameterRanges.BatchNormEps}, got {l.Eps}";
                    if (!HyperparameterRanges.BatchNormMomentum.Contains(l.Momentum))
                        return $"Momentum must be {HyperparameterRanges.BatchNormMomentum} (PyTorch's convention: TensorFlow's decay 0.99 is Momentum = 0.01), got {l.Momentum}";
                    return "";
                case LayerOp.LeakyRelu:
                    return !HyperparameterRanges.NegativeSlope.Contains(l.Slope) ? $"the negative slope must be {HyperparameterRanges.NegativeSlope}, got {l.Slope}" : "";
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
                    return !HyperparameterRanges.DropoutRate.Contains(l.Rate) ? $"the rate must be {HyperparameterRanges.DropoutRate}, got {l.Rate}" : "";
                case LayerOp.GaussianNoise:
                    return !HyperparameterRanges.NoiseSigma.Contains(l.Rate) ? $"sigma must be {HyperparameterRanges.NoiseSigma}, got {l.Rate}" : "";
                default:
                    return "";
            }
        }
    }
}
