using System.Collections.Generic;
using System.Threading;
using Dcgan.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Dcgan.Generators.Parsing
{
    /// <summary>Reads a [Classifier] class: its layers (as any network) and its training settings.</summary>
    internal static class ClassifierParser
    {
        public static ClassifierModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
        {
            var network = NetworkParser.Parse(context, Net.Classifier, cancellation);
            var attribute = context.Attributes[0];
            var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellation));
            string where = $"[Classifier] on {network.TypeName}";
            var diagnostics = new List<DiagnosticInfo>();
            int batch = AttributeReader.Named(attribute, "Batch", 128);
            var adam = new AdamModel(
                AttributeReader.NamedDouble(attribute, "LearningRate", 1e-3),
                AttributeReader.NamedDouble(attribute, "Beta1", 0.9),
                AttributeReader.NamedDouble(attribute, "Beta2", 0.999),
                1e-8,
                AttributeReader.NamedDouble(attribute, "WeightDecay", 0));
            if (batch < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, location, where, $"Batch must be at least 1, got {batch}"));
            if (!(adam.LearningRate > 0 && adam.LearningRate < 10))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, location, where, $"the learning rate must be positive and sensible, got {adam.LearningRate}"));
            if (!(adam.Beta1 >= 0 && adam.Beta1 < 1 && adam.Beta2 >= 0 && adam.Beta2 < 1))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, location, where, $"betas must lie in [0, 1), got ({adam.Beta1}, {adam.Beta2})"));
            if (!(adam.WeightDecay >= 0))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, location, where, $"WeightDecay cannot be negative, got {adam.WeightDecay}"));
            return new ClassifierModel(
                AttributeReader.Named<string?>(attribute, "Name", null) ?? GanParser.SnakeCase(network.TypeName),
                batch,
                (InitScheme)AttributeReader.Named(attribute, "Init", (int)InitScheme.PyTorchDefault),
                adam,
                network,
                diagnostics.ToEquatableArray());
        }
    }
}
