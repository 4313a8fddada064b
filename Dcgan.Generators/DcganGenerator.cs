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
    /// The pipeline, in order: parse the attributes into equatable models -> shape inference ->
    /// parameter layout -> fusion -> recipe schedule -> memory plan -> emit C#, and the CUDA C of the
    /// kernels the step launches on a GPU. This method only wires it.
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
            context.RegisterSourceOutput(gans.Combine(networks), static (spc, pair) => EmitGan(spc, pair.Left, pair.Right));

            var assemblyName = context.CompilationProvider.Select(static (c, _) => c.AssemblyName ?? "Dcgan.Generated");
            // Only GANs that compile are listed: one that fails its checks has no step to list.
            var compiledGans = gans.Combine(networks)
                .Select(static (pair, _) => Check(pair.Left, pair.Right, new System.Collections.Generic.List<DiagnosticInfo>()) is null ? null : pair.Left)
                .Where(static gan => gan is not null)
                .Select(static (gan, _) => gan!);
            context.RegisterSourceOutput(compiledGans.Collect().Combine(assemblyName), static (spc, pair) =>
            {
                if (pair.Left.Length > 0)
                    spc.AddSource($"{ZooEmitter.ClassName}.g.cs", ZooEmitter.Emit(pair.Right, pair.Left));
            });
        }

        private static NetworkPlan Plan(NetworkModel network)
        {
            var plan = new NetworkPlan(network);
            plan.Diagnostics.AddRange(network.Diagnostics);
            if (plan.HasErrors) return plan;
            ShapeInference.Run(plan);
            if (plan.HasErrors) return plan;
            ParameterLayout.Run(plan);
            Fusion.Run(plan);
            return plan;
        }

        private static void EmitNetwork(SourceProductionContext context, NetworkModel network)
        {
            var plan = Plan(network);
            foreach (var diagnostic in plan.Diagnostics) Report(context, diagnostic);
            context.AddSource($"{Hint(network.Namespace, network.TypeName)}.g.cs", NetworkEmitter.Emit(network, plan));
        }

        private static void EmitClassifier(SourceProductionContext context, ClassifierModel classifier)
        {
            var network = classifier.Network;
            var plan = Plan(network);
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
            var recipe = new ClassifierRecipe(plan);
            recipe.Build();
            context.AddSource($"{Hint(network.Namespace, network.TypeName)}.Step.g.cs", ClassifierEmitter.Emit(classifier, plan, recipe));
            context.AddSource($"{Hint(network.Namespace, network.TypeName)}.Cuda.g.cs", CudaEmitter.EmitClassifier(classifier, recipe));
        }

        private static void EmitGan(SourceProductionContext context, GanModel gan, EquatableArray<NetworkModel> networks)
        {
            var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
            var plans = Check(gan, networks, diagnostics);
            foreach (var diagnostic in diagnostics) Report(context, diagnostic);
            if (plans is not { } p) return;
            var recipes = new Recipes(gan, p.G, p.D);
            recipes.Build();
            context.AddSource($"{Hint(gan.Namespace, gan.TypeName)}.Step.g.cs", StepEmitter.Emit(gan, p.G, p.D, recipes));
            context.AddSource($"{Hint(gan.Namespace, gan.TypeName)}.Cuda.g.cs", CudaEmitter.EmitGan(gan, p.G, p.D, recipes));
        }

        /// <summary>
        /// The GAN-level checks over its two planned networks: null (with the reasons in <paramref name="diagnostics"/>) when
        /// the GAN cannot be compiled, so that it gets no step and is not listed among the assembly's models.
        /// </summary>
        private static (NetworkPlan G, NetworkPlan D)? Check(GanModel gan, EquatableArray<NetworkModel> networks, System.Collections.Generic.List<DiagnosticInfo> diagnostics)
        {
            diagnostics.AddRange(gan.Diagnostics);
            var gModel = networks.FirstOrDefault(n => n.Net == Net.Generator && n.FullName == gan.GeneratorType);
            var dModel = networks.FirstOrDefault(n => n.Net == Net.Discriminator && n.FullName == gan.DiscriminatorType);
            if (gan.Diagnostics.Count > 0 || gModel is null || dModel is null) return null;
            var g = Plan(gModel);
            var d = Plan(dModel);
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
}
