using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Dcgan.Generators.Model;
using Dcgan.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dcgan.Generators.Parsing
{
    /// <summary>Reads a [Generator], [Discriminator] or [Classifier] class into a <see cref="NetworkModel"/>: its input shape and its layer attributes in declaration order.</summary>
    internal static class NetworkParser
    {
        public static NetworkModel Parse(GeneratorAttributeSyntaxContext context, Net net, CancellationToken cancellation)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var classSyntax = (ClassDeclarationSyntax)context.TargetNode;
            var diagnostics = new List<DiagnosticInfo>();
            var attribute = context.Attributes[0];
            var shape = AttributeReader.IntArray(attribute.ConstructorArguments.FirstOrDefault());
            string kind = net.ToString();
            if (shape.Length == 0 || shape.Any(d => d < 1))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellation)),
                    $"[{kind}] on {type.Name}", $"the {(net == Net.Generator ? "latent" : "image")} shape must list positive sizes, got [{string.Join(", ", shape)}]"));

            var layers = new List<LayerModel>();
            var blocks = new List<BlockModel>();
            var semanticModel = context.SemanticModel;
            foreach (var property in classSyntax.Members.OfType<PropertyDeclarationSyntax>())
            {
                cancellation.ThrowIfCancellationRequested();
                int first = layers.Count;
                foreach (var attributeSyntax in property.AttributeLists.SelectMany(list => list.Attributes))
                {
                    var symbol = semanticModel.GetSymbolInfo(attributeSyntax, cancellation).Symbol as IMethodSymbol;
                    var attributeClass = symbol?.ContainingType;
                    if (attributeClass is null || !AttributeReader.IsLayerAttribute(attributeClass)) continue;
                    var data = property.AttributeLists.Count == 0 ? null : FindData(semanticModel.GetDeclaredSymbol(property, cancellation), attributeSyntax);
                    if (data is null) continue;
                    if (LayerReader.Read(data, layers.Count, property.Identifier.Text, LocationInfo.From(attributeSyntax), diagnostics) is { } layer)
                        layers.Add(layer);
                }
                if (layers.Count == first) continue;
                bool isPartialBlock = property.Modifiers.Any(SyntaxKind.PartialKeyword)
                    && property.AccessorList is { } accessors && accessors.Accessors.Count == 1
                    && accessors.Accessors[0].IsKind(SyntaxKind.GetAccessorDeclaration) && accessors.Accessors[0].Body is null
                    && accessors.Accessors[0].ExpressionBody is null
                    && semanticModel.GetTypeInfo(property.Type, cancellation).Type?.ToDisplayString() == "Dcgan.Block";
                if (!isPartialBlock)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, LocationInfo.From(property.Identifier.Parent),
                        $"{type.Name}.{property.Identifier.Text}", "layer attributes go on a property declared 'partial Block Name { get; }'"));
                    continue;
                }
                string modifiers = string.Join(" ", property.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.Text));
                blocks.Add(new BlockModel(property.Identifier.Text, modifiers, first, layers.Count - first));
            }

            RequireOneRate(layers, LayerOp.Dropout, "Dropout", "rate", diagnostics);
            RequireOneRate(layers, LayerOp.GaussianNoise, "GaussianNoise", "sigma", diagnostics);
            if (layers.Count == 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyNetwork, LocationInfo.From(classSyntax.Identifier.Parent), type.Name));

            return new NetworkModel(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                net,
                shape.ToEquatableArray(),
                layers.ToEquatableArray(),
                blocks.ToEquatableArray(),
                diagnostics.ToEquatableArray(),
                LocationInfo.From(classSyntax));
        }

        /// <summary>A run sets the dropout rate (and the noise sigma) for every such layer at once, so a network declares one value.</summary>
        private static void RequireOneRate(List<LayerModel> layers, LayerOp kind, string name, string what, List<DiagnosticInfo> diagnostics)
        {
            var first = layers.FirstOrDefault(l => l.Kind == kind);
            if (first is null) return;
            foreach (var other in layers.Where(l => l.Kind == kind && l.Rate != first.Rate))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, other.Location, $"{name} (layer {other.Index})",
                    $"every {name} layer of a network shares one {what} (a run changes them together); layer {first.Index} declares "
                    + $"{first.Rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} and this one {other.Rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));
        }

        private static AttributeData? FindData(ISymbol? property, AttributeSyntax syntax)
            => property?.GetAttributes().FirstOrDefault(a => a.ApplicationSyntaxReference?.Span == syntax.Span
                && a.ApplicationSyntaxReference.SyntaxTree == syntax.SyntaxTree);
    }
}
