using System.Collections.Generic;
using Dcgan.Runtime;
using Dcgan.Generators.Model;

namespace Dcgan.Generators.Planning
{
    /// <summary>A GAN after every planning pass: what the renderers read.</summary>
    internal sealed class GanCompilation
    {
        public GanCompilation(NetworkPlan g, NetworkPlan d, Recipes recipes, DeviceFeed feed, List<DeviceKernel> kernels)
        {
            G = g;
            D = d;
            Recipes = recipes;
            Feed = feed;
            Kernels = kernels;
        }

        public NetworkPlan G { get; }
        public NetworkPlan D { get; }
        public Recipes Recipes { get; }
        public DeviceFeed Feed { get; }
        /// <summary>The kernel table, names settled.</summary>
        public List<DeviceKernel> Kernels { get; }
        /// <summary>What the verify passes found; a compilation with any is not rendered.</summary>
        public List<DiagnosticInfo> Diagnostics { get; } = new List<DiagnosticInfo>();
    }

    /// <summary>A classifier after every planning pass.</summary>
    internal sealed class ClassifierCompilation
    {
        public ClassifierCompilation(NetworkPlan network, ClassifierRecipe recipe, List<DeviceKernel> kernels)
        {
            Network = network;
            Recipe = recipe;
            Kernels = kernels;
        }

        public NetworkPlan Network { get; }
        public ClassifierRecipe Recipe { get; }
        public List<DeviceKernel> Kernels { get; }
        public List<DiagnosticInfo> Diagnostics { get; } = new List<DiagnosticInfo>();
    }

    /// <summary>
    /// The generator's passes, in order, each a named step over typed records:
    /// <list type="number">
    /// <item><b>parse</b>: attributes into equatable models (Parsing/, run by the incremental pipeline).</item>
    /// <item><b>shapes</b>: every layer's input and output shape, checked (ShapeInference).</item>
    /// <item><b>layout</b>: each stored tensor's offset in its network's buffers (ParameterLayout).</item>
    /// <item><b>fusion</b>: layers into ops, activations fused into what precedes them (Fusion).</item>
    /// <item><b>plan ops</b>: the recipe's step and the sampling programs as typed statements (Recipes, StepBuilder), the device feed.</item>
    /// <item><b>name kernels</b>: the kernel table, shared entry points merged (KernelNaming).</item>
    /// <item><b>verify ops</b>: every statement binds its table row's roles, every launch its kernel's parameters (StepVerifier).</item>
    /// <item><b>plan memory</b>: arena offsets by lifetime, the device-only scratch (MemoryPlanner, ScratchLayout).</item>
    /// <item><b>verify memory</b>: lifetimes sound, offsets inside the arena, no two live tensors overlapping (StepVerifier).</item>
    /// <item><b>render</b>: the C# step, the CUDA source and kernel table, the device programs (Emit/).</item>
    /// </list>
    /// A verify pass's finding is a build diagnostic (DCGAN010) and nothing is rendered.
    /// </summary>
    internal static class Pipeline
    {
        /// <summary>Shapes, layout and fusion of one network; <paramref name="plan"/>'s diagnostics say where it stopped.</summary>
        public static NetworkPlan PlanNetwork(NetworkModel network)
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

        /// <summary>Plan ops, name kernels, verify, plan memory, verify: a GAN whose two networks passed their checks.</summary>
        public static GanCompilation CompileGan(GanModel gan, NetworkPlan g, NetworkPlan d)
        {
            var recipes = new Recipes(gan, g, d);
            recipes.Build();
            var feed = new DeviceFeed(gan, g, d, recipes);
            var kernels = KernelNaming.Run(feed.Kernels, recipes.Programs);
            var compilation = new GanCompilation(g, d, recipes, feed, kernels);
            var programs = new List<StepProgram>(recipes.Programs) { feed.Program };
            StepVerifier.VerifyOps(programs, kernels, compilation.Diagnostics, gan.Location);
            if (compilation.Diagnostics.Count > 0) return compilation;
            recipes.PlanMemory();
            StepVerifier.VerifyMemory(recipes.Programs, recipes.ArenaFloatsPerSample, recipes.Scratch, recipes.ScratchFloats,
                compilation.Diagnostics, gan.Location);
            return compilation;
        }

        /// <summary>The same passes for a classifier (no device program: its statements only list their kernels).</summary>
        public static ClassifierCompilation CompileClassifier(ClassifierModel classifier, NetworkPlan net)
        {
            var recipe = new ClassifierRecipe(net);
            recipe.Build();
            var kernels = KernelNaming.Run(new DeviceKernel[0], recipe.Programs);
            var compilation = new ClassifierCompilation(net, recipe, kernels);
            StepVerifier.VerifyOps(recipe.Programs, kernels, compilation.Diagnostics, classifier.Network.Location);
            if (compilation.Diagnostics.Count > 0) return compilation;
            recipe.PlanMemory();
            StepVerifier.VerifyMemory(recipe.Programs, recipe.ArenaFloatsPerSample, recipe.Scratch, recipe.ScratchFloats, compilation.Diagnostics, classifier.Network.Location);
            return compilation;
        }
    }
}
