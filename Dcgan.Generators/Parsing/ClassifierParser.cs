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
            AttributeReader.RequireIn(HyperparameterRanges.BatchSize, "Batch", batch, location, where, diagnostics);
            AttributeReader.RequireAdam(adam, location, where, diagnostics);
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
