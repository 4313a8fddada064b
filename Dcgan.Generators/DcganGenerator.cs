using System.Collections.Immutable;
using System.Linq;
using Dcgan.Generators.Emit;
using Dcgan.Generators.Model;
using Dcgan.Generators.Parsing;
using Dcgan.Generators.Planning;
using Dcgan.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dcgan.Generators
{
    /// <summary>
    /// The incremental wiring of the generator's passes (parse, shapes, layout, fusion, plan ops, name kernels,
    /// verify ops, plan memory, verify memory, render: see <see cref="Pipeline"/>). This class only wires them.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class DcganGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(static ctx => ctx.AddSource(CudaPrelude.HintName, CudaPrelude.Emit()));

            var generators = context.SyntaxProvider.ForAttributeWithMetadataName(
                "Dcgan.GeneratorAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => NetworkParser.Parse(ctx, Net.Generator, ct));
            var discriminators = context.SyntaxProvider.ForAttributeWithMetadataName(
                "Dcgan.DiscriminatorAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => NetworkParser.Parse(ctx, Net.Discriminator, ct));
            var gans = context.SyntaxProvider.ForAttributeWithMetadataName(
                "Dcgan.GanAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => GanParser.Parse(ctx, ct));

            var classifiers = context.SyntaxProvider.ForAttributeWithMetadataName(
                "Dcgan.ClassifierAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => ClassifierParser.Parse(ctx, ct));
            context.RegisterSourceOutput(classifiers, static (spc, classifier) => EmitClassifier(spc, classifier));

            context.RegisterSourceOutput(generators, static (spc, network) => EmitNetwork(spc, network));
            context.RegisterSourceOutput(discriminators, static (spc, network) => EmitNetwork(spc, network));

            var networks = generators.Collect().Combine(discriminators.Collect())
                .Select(static (pair, _) => pair.Left.AddRange(pair.Right).ToEquatableArray());
            // Each GAN picks its own two networks out of all of them, an equatable value: an edit to any other network
            // leaves it equal, so the steps below it (planning, checks, emission) stay cached for this GAN.
            var ganNetworks = gans.Combine(networks)
                .Select(static (pair, _) => GanNetworks.Select(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.GanNetworks);
            context.RegisterSourceOutput(ganNetworks, static (spc, input) => EmitGan(spc, input));

            var assemblyName = context.CompilationProvider.Select(static (c, _) => c.AssemblyName ?? "Dcgan.Generated");
            // Only GANs that compile are listed: one that fails its checks has no step to list.
            var compiledGans = ganNetworks
                .Select(static (input, _) => Check(input, new System.Collections.Generic.List<DiagnosticInfo>()) is null ? null : input.Gan)
                .WithTrackingName(TrackingNames.CompiledGan)
                .Where(static gan => gan is not null)
                .Select(static (gan, _) => gan!);
            context.RegisterSourceOutput(compiledGans.Collect().Combine(assemblyName), static (spc, pair) =>
            {
                if (pair.Left.Length > 0)
                    spc.AddSource($"{ZooEmitter.ClassName}.g.cs", ZooEmitter.Emit(pair.Right, pair.Left));
            });
        }

        private static void EmitNetwork(SourceProductionContext context, NetworkModel network)
        {
            var plan = Pipeline.PlanNetwork(network);
            foreach (var diagnostic in plan.Diagnostics) Report(context, diagnostic);
            context.AddSource($"{Hint(network.Namespace, network.TypeName)}.g.cs", NetworkEmitter.Emit(network, plan));
        }

        private static void EmitClassifier(SourceProductionContext context, ClassifierModel classifier)
        {
            var network = classifier.Network;
            var plan = Pipeline.PlanNetwork(network);
            foreach (var diagnostic in plan.Diagnostics.Concat(classifier.Diagnostics)) Report(context, diagnostic);
            context.AddSource($"{Hint(network.Namespace, network.TypeName)}.g.cs", NetworkEmitter.Emit(network, plan));
            if (plan.HasErrors || classifier.Diagnostics.Count > 0) return;

            var last = plan.Layers.Last(l => !l.Layer.IsView);
            if (last.Layer.Kind != LayerOp.Linear || plan.Output.Length != 1 || plan.Output[0] < 2 || plan.Ops.Count < 2)
            {
                Report(context, DiagnosticInfo.Create(DiagnosticDescriptors.ClassifierEnd, last.Layer.Location ?? network.Location,
                    network.TypeName, last.Description, ShapeText.Of(plan.Output)));
                return;
            }
            var compiled = Pipeline.CompileClassifier(classifier, plan);
            foreach (var diagnostic in compiled.Diagnostics) Report(context, diagnostic);
            if (compiled.Diagnostics.Count > 0) return;
            context.AddSource($"{Hint(network.Namespace, network.TypeName)}.Step.g.cs", ClassifierEmitter.Emit(classifier, plan, compiled.Recipe));
            context.AddSource($"{Hint(network.Namespace, network.TypeName)}.Cuda.g.cs", CudaEmitter.EmitClassifier(classifier, compiled));
        }

        private static void EmitGan(SourceProductionContext context, GanNetworks input)
        {
            var gan = input.Gan;
            var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
            var plans = Check(input, diagnostics);
            foreach (var diagnostic in diagnostics) Report(context, diagnostic);
            if (plans is not { } p) return;
            var compiled = Pipeline.CompileGan(gan, p.G, p.D);
            foreach (var diagnostic in compiled.Diagnostics) Report(context, diagnostic);
            if (compiled.Diagnostics.Count > 0) return;
            context.AddSource($"{Hint(gan.Namespace, gan.TypeName)}.Step.g.cs", StepEmitter.Emit(gan, p.G, p.D, compiled.Recipes));
            context.AddSource($"{Hint(gan.Namespace, gan.TypeName)}.Cuda.g.cs", CudaEmitter.EmitGan(gan, compiled));
        }

        /// <summary>
        /// The GAN-level checks over its two planned networks: null (with the reasons in <paramref name="diagnostics"/>) when
        /// the GAN cannot be compiled, so that it gets no step and is not listed among the assembly's models.
        /// </summary>
        private static (NetworkPlan G, NetworkPlan D)? Check(GanNetworks input, System.Collections.Generic.List<DiagnosticInfo> diagnostics)
        {
            var (gan, gModel, dModel) = input;
            diagnostics.AddRange(gan.Diagnostics);
            if (gan.Diagnostics.Count > 0 || gModel is null || dModel is null) return null;
            var g = Pipeline.PlanNetwork(gModel);
            var d = Pipeline.PlanNetwork(dModel);
            // The networks report their own diagnostics; a GAN over a broken network just emits nothing.
            if (g.HasErrors || d.HasErrors) return null;

            if (!g.Output.SequenceEqual(d.Input))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorOutputMismatch, gan.GeneratorArgumentLocation ?? gan.Location,
                    gModel.TypeName, ShapeText.Of(g.Output), dModel.TypeName, ShapeText.Of(d.Input)));
                return null;
            }
            if (ShapeText.Size(d.Output) != 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DiscriminatorNotScalar, d.Layers.Last().Layer.Location ?? dModel.Location,
                    dModel.TypeName, ShapeText.Of(d.Output)));
                return null;
            }
            var last = d.Layers.Last(l => !l.Layer.IsView);
            bool endsInSigmoid = last.Layer.Kind == LayerOp.Sigmoid;
            if (gan.Loss == GanLoss.Bce && !endsInSigmoid)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LossDoesNotFit, gan.Location, nameof(GanLoss.Bce), dModel.TypeName, last.Description,
                    "BCE on probabilities needs D to end in [Sigmoid]; add it, or use Loss = GanLoss.BceWithLogits"));
                return null;
            }
            if (gan.Loss == GanLoss.BceWithLogits && endsInSigmoid)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LossDoesNotFit, gan.Location, nameof(GanLoss.BceWithLogits), dModel.TypeName, last.Description,
                    "BCE with logits applies its own sigmoid; remove the final [Sigmoid], or use Loss = GanLoss.Bce"));
                return null;
            }
            return (g, d);
        }

        private static void Report(SourceProductionContext context, DiagnosticInfo info)
        {
            var descriptor = DiagnosticDescriptors.Find(info.Id);
            if (descriptor is null) return;
            context.ReportDiagnostic(Diagnostic.Create(descriptor, info.Location?.ToLocation(), info.Arguments.Cast<object>().ToArray()));
        }

        private static string Hint(string ns, string type) => ns.Length > 0 ? ns + "." + type : type;
    }

    /// <summary>The names of the pipeline's steps that a test of the incremental cache looks up in a run's tracked steps.</summary>
    internal static class TrackingNames
    {
        /// <summary>A GAN with its own generator and discriminator (<see cref="GanNetworks"/>).</summary>
        public const string GanNetworks = nameof(GanNetworks);
        /// <summary>A GAN that passes its checks, or null: what the list of the assembly's models is made of.</summary>
        public const string CompiledGan = nameof(CompiledGan);
    }

    /// <summary>
    /// A [Gan] and the two networks it names, each null where no [Generator] or [Discriminator] has that name: all that
    /// the GAN's planning, checks and emission read, compared by value.
    /// </summary>
    internal sealed record GanNetworks(GanModel Gan, NetworkModel? Generator, NetworkModel? Discriminator)
    {
        public static GanNetworks Select(GanModel gan, EquatableArray<NetworkModel> networks) => new(gan,
            networks.FirstOrDefault(n => n.Net == Net.Generator && n.FullName == gan.GeneratorType),
            networks.FirstOrDefault(n => n.Net == Net.Discriminator && n.FullName == gan.DiscriminatorType));
    }
}
