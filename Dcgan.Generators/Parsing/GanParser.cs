using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Dcgan.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dcgan.Generators.Parsing
{
    /// <summary>Reads a [Gan] class and its [Adam] attributes into a <see cref="GanModel"/>.</summary>
    internal static class GanParser
    {
        public static GanModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var gan = context.Attributes[0];
            var diagnostics = new List<DiagnosticInfo>();
            var ganSyntax = gan.ApplicationSyntaxReference?.GetSyntax(cancellation) as AttributeSyntax;
            var location = LocationInfo.From(ganSyntax);

            string Network(int index, string kind)
            {
                var symbol = gan.ConstructorArguments.Length > index ? gan.ConstructorArguments[index].Value as INamedTypeSymbol : null;
                if (symbol is null) return "";
                bool marked = symbol.GetAttributes().Any(a => a.AttributeClass?.Name == kind + "Attribute"
                    && a.AttributeClass.ContainingNamespace?.ToDisplayString() == "Dcgan");
                if (!marked)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotANetwork, location, symbol.Name, kind, type.Name));
                return symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }

            string generator = Network(0, "Generator");
            string discriminator = Network(1, "Discriminator");
            int batch = AttributeReader.Named(gan, nameof(GanAttribute.Batch), 64);
            double smoothing = AttributeReader.NamedDouble(gan, nameof(GanAttribute.LabelSmoothing), 0);
            string where = $"[Gan] on {type.Name}";
            AttributeReader.RequireIn(HyperparameterRanges.BatchSize, nameof(GanAttribute.Batch), batch, location, where, diagnostics);
            AttributeReader.RequireIn(HyperparameterRanges.LabelSmoothing, nameof(GanAttribute.LabelSmoothing), smoothing, location, where, diagnostics);

            AdamModel? gAdam = null, dAdam = null;
            foreach (var adam in type.GetAttributes().Where(a => a.AttributeClass?.Name == nameof(AdamAttribute)))
            {
                var adamLocation = LocationInfo.From(adam.ApplicationSyntaxReference?.GetSyntax(cancellation));
                var model = new AdamModel(
                    AttributeReader.PositionalDouble(adam, 1, 1e-3),
                    AttributeReader.NamedDouble(adam, nameof(AdamAttribute.Beta1), 0.9),
                    AttributeReader.NamedDouble(adam, nameof(AdamAttribute.Beta2), 0.999),
                    AttributeReader.NamedDouble(adam, nameof(AdamAttribute.Eps), 1e-8),
                    AttributeReader.NamedDouble(adam, nameof(AdamAttribute.WeightDecay), 0));
                AttributeReader.RequireAdam(model, adamLocation, "[Adam]", diagnostics);
                bool forGenerator = (Net)AttributeReader.Positional(adam, 0, (int)Net.Generator) == Net.Generator;
                if ((forGenerator ? gAdam : dAdam) is not null)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, adamLocation, "[Adam]",
                        $"the {(forGenerator ? "generator" : "discriminator")} already has an [Adam]; give each network one"));
                if (forGenerator) gAdam = model; else dAdam = model;
            }
            var defaults = new AdamModel(2e-4, 0.5, 0.999, 1e-8, 0);

            return new GanModel(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                AttributeReader.Named<string?>(gan, nameof(GanAttribute.Name), null) ?? SnakeCase(type.Name),
                generator,
                discriminator,
                (GanRecipe)AttributeReader.Named(gan, nameof(GanAttribute.Recipe), (int)GanRecipe.Standard),
                (GanLoss)AttributeReader.Named(gan, nameof(GanAttribute.Loss), (int)GanLoss.BceWithLogits),
                batch,
                (PixelRange)AttributeReader.Named(gan, nameof(GanAttribute.Pixels), (int)PixelRange.MinusOneOne),
                (InitScheme)AttributeReader.Named(gan, nameof(GanAttribute.Init), (int)InitScheme.PyTorchDefault),
                (LatentDistribution)AttributeReader.Named(gan, nameof(GanAttribute.Latent), (int)LatentDistribution.Normal),
                smoothing,
                gAdam ?? defaults,
                dAdam ?? defaults,
                diagnostics.ToEquatableArray(),
                location,
                LocationInfo.From(ganSyntax?.ArgumentList?.Arguments.FirstOrDefault()));
        }

        /// <summary>FcConvMnist -> fc_conv_mnist; Conv4x4 -> conv4x4; Dcgan64 -> dcgan64.</summary>
        public static string SnakeCase(string name)
        {
            var builder = new StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1])) builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            return builder.ToString();
        }
    }
}
