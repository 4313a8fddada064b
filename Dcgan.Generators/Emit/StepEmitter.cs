using System.Collections.Generic;
using System.Linq;
using Dcgan.Generators.Model;
using Dcgan.Generators.Planning;

namespace Dcgan.Generators.Emit
{
    /// <summary>
    /// Emits a GAN's compiled training step: tables of fixed offsets (parameters, arena, scratch),
    /// the build-time definition, and one method per phase of the recipe whose body is a straight
    /// list of kernel calls, each commented with the layer it serves.
    /// </summary>
    internal static class StepEmitter
    {
        private static readonly string[] RecipeNames = { "Standard", "FreshFakeEvalG", "Averaged", "GFirst" };
        private static readonly string[] LossNames = { "BceWithLogits", "Bce" };
        private static readonly string[] PixelNames = { "ZeroOne", "MinusOneOne" };
        private static readonly string[] InitNames = { "PyTorchDefault", "DcganNormal", "GlorotUniform" };
        private static readonly string[] LatentNames = { "Normal", "Uniform" };

        private static readonly (string Name, string Init)[] Locals =
        {
            ("n", "int n = s.Batch;"),
            ("a", "float* a = s.Arena.Pointer;"),
            ("sc", "float* sc = s.Scratch.Pointer;"),
            ("gp", "float* gp = s.Generator.Parameters.Pointer;"),
            ("gg", "float* gg = s.Generator.Gradients.Pointer;"),
            ("gm", "float* gm = s.Generator.AdamM.Pointer;"),
            ("gv", "float* gv = s.Generator.AdamV.Pointer;"),
            ("gs", "float* gs = s.Generator.Statistics.Pointer;"),
            ("dp", "float* dp = s.Discriminator.Parameters.Pointer;"),
            ("dg", "float* dg = s.Discriminator.Gradients.Pointer;"),
            ("dm", "float* dm = s.Discriminator.AdamM.Pointer;"),
            ("dv", "float* dv = s.Discriminator.AdamV.Pointer;"),
            ("ds", "float* ds = s.Discriminator.Statistics.Pointer;"),
            ("cp", "float* cp = s.Network.Parameters.Pointer;"),
            ("cg", "float* cg = s.Network.Gradients.Pointer;"),
            ("cm", "float* cm = s.Network.AdamM.Pointer;"),
            ("cv", "float* cv = s.Network.AdamV.Pointer;"),
            ("cs", "float* cs = s.Network.Statistics.Pointer;"),
        };

        public static string Emit(GanModel gan, NetworkPlan g, NetworkPlan d, Recipes recipes)
        {
            var w = new IndentedWriter();
            EmitFileHeader(w, gan.Namespace,
                "// The compiled training step of one GAN. Every offset below was fixed at build time by the",
                "// dcgan source generator from the layer attributes; nothing is computed or allocated per step.");
            w.Line($"/// <summary>{gan.Name}: {RecipeNames[gan.Recipe]} recipe, {LossNames[gan.Loss]} loss, G {ShapeText.Of(g.Input)} -> {ShapeText.Of(g.Output)}.</summary>");
            w.Open($"partial class {gan.TypeName} : global::Dcgan.Runtime.IGanModel");

            EmitTensorTable(w, g, d);
            EmitArenaTable(w, new[] { recipes.Train, recipes.Sample, recipes.SampleTraining }, recipes.ArenaFloatsPerSample, recipes.Scratch, recipes.ScratchFloats);
            w.Line("/// <summary>The tail of the scratch only the device programs write (split reductions' partial sums, Adam's bias corrections).</summary>");
            w.Line($"public const long DeviceScratchFloats = {recipes.DeviceScratchFloats};");
            EmitDefinition(w, gan, g, d, recipes);
            EmitSummary(w, gan, g, d, recipes);

            w.Line("/// <summary>One training step of the declared recipe (see <see cref=\"global::Dcgan.Runtime.IGanModel.TrainStep\"/>).</summary>");
            w.Open("public void TrainStep(GanState s)");
            w.Line("CheckState(s);");
            foreach (var phase in recipes.Train.Phases) w.Line($"{phase.Method}(s);");
            w.Close();
            w.Line();
            w.Line("/// <summary>G's forward pass from the z_d slot into the fake slot, batch norm in the given mode.</summary>");
            w.Open("public void Generate(GanState s, BatchNormMode batchNorm = BatchNormMode.Eval)");
            w.Line("CheckState(s);");
            w.Open("if (batchNorm == BatchNormMode.Train)");
            foreach (var phase in recipes.SampleTraining.Phases) w.Line($"{phase.Method}(s);");
            w.Close();
            w.Open("else");
            foreach (var phase in recipes.Sample.Phases) w.Line($"{phase.Method}(s);");
            w.Close();
            w.Close();
            w.Line();
            w.Open("private static void CheckState(GanState s)");
            w.Line("if (!ReferenceEquals(s.Definition, Definition))");
            w.Line($"    throw new global::System.ArgumentException($\"this state was made for model {{s.Definition.Name}}, not {gan.Name}\", nameof(s));");
            w.Close();

            foreach (var phase in recipes.Train.Phases.Concat(recipes.Sample.Phases).Concat(recipes.SampleTraining.Phases))
                EmitPhase(w, phase);
            w.Close();
            return w.ToString();
        }

        /// <summary>The lines every compiled-step file starts with: what it is, the usings its kernel calls need, its namespace.</summary>
        internal static void EmitFileHeader(IndentedWriter w, string ns, params string[] about)
        {
            w.Line("// <auto-generated/>");
            foreach (var line in about) w.Line(line);
            w.Line("#nullable enable");
            w.Line("using Dcgan;");
            w.Line("using Dcgan.Runtime;");
            w.Line("using Dcgan.Runtime.Cpu;");
            w.Line("using K = Dcgan.Runtime.Cpu.CpuKernels;");
            w.Line();
            if (ns.Length > 0) w.Line($"namespace {ns};").Line();
        }

        internal static void EmitTensorTable(IndentedWriter w, params NetworkPlan[] nets)
        {
            w.Line("// Stored tensors: offsets in floats into the network's parameter buffer (gradients and Adam");
            w.Line("// moments mirror it) or, for running statistics, its statistics buffer. PyTorch names and layouts.");
            foreach (var net in nets)
            {
                foreach (var t in net.Tensors)
                    w.Line($"private const long {t.Constant} = {t.Offset};".PadRight(48) + $"// {ShapeText.Of(t.Shape)}{(t.IsStatistic ? " (statistics buffer)" : "")}");
                w.Line($"public const long {net.Prefix}ParameterFloats = {net.ParameterFloats};");
                w.Line($"public const long {net.Prefix}StatisticFloats = {net.StatisticFloats};");
                w.Line();
            }
        }

        /// <summary>The arena offsets of every program's tensors (the first program's pinned slots are shared by all) and the scratch table.</summary>
        internal static void EmitArenaTable(IndentedWriter w, StepProgram[] programs, long arenaFloatsPerSample, List<ScratchTensor> scratch, long scratchFloats)
        {
            w.Line("// Activation arena: offsets in floats per sample (a batch of n starts at offset * n). Tensors whose");
            w.Line("// lifetimes do not overlap share memory; the slots marked pinned live through the whole step.");
            var all = programs[0].Tensors.Concat(programs.Skip(1).SelectMany(p => p.Tensors).Where(t => !t.Pinned)).ToList();
            foreach (var t in all)
                w.Line($"private const long {t.Constant} = {t.Offset};".PadRight(56) + $"// {t.SizePerSample,7} per sample: {t.Comment}{(t.Pinned ? " (pinned)" : "")}");
            w.Line($"public const long ArenaFloatsPerSample = {arenaFloatsPerSample};");
            w.Line();
            w.Line("// Scratch: batch-norm statistics saved by a forward pass for its backward pass, split reductions' partial sums, Adam's bias corrections.");
            foreach (var t in scratch)
                w.Line($"private const long {t.Constant} = {t.Offset};".PadRight(56) + $"// {t.Size} floats");
            w.Line($"public const long ScratchFloats = {scratchFloats};");
            w.Line();
        }

        private static void EmitDefinition(IndentedWriter w, GanModel gan, NetworkPlan g, NetworkPlan d, Recipes recipes)
        {
            string Ints(IEnumerable<int> values) => "new[] { " + string.Join(", ", values) + " }";
            string Adam(AdamModel a) => $"new({OpAttribute.Literal(a.LearningRate)}, {OpAttribute.Literal(a.Beta1)}, {OpAttribute.Literal(a.Beta2)}, {OpAttribute.Literal(a.Eps)}, {OpAttribute.Literal(a.WeightDecay)})";
            string Slot(ArenaTensor t) => $"new({t.Constant}, {t.SizePerSample})";
            long flops = recipes.Train.Phases.SelectMany(p => p.Statements).Sum(s => s.FlopsPerSample);

            w.Line("/// <summary>What the generator worked out at build time: shapes, the tensor table, the memory plan.</summary>");
            w.Open("public static GanDefinition Definition { get; } = new()");
            w.Line($"Name = \"{gan.Name}\",");
            w.Line($"LatentShape = {Ints(g.Input)},");
            w.Line($"ImageShape = {Ints(d.Input)},");
            w.Line($"Recipe = GanRecipe.{RecipeNames[gan.Recipe]},");
            w.Line($"Loss = GanLoss.{LossNames[gan.Loss]},");
            w.Line($"Pixels = PixelRange.{PixelNames[gan.Pixels]},");
            w.Line($"Init = InitScheme.{InitNames[gan.Init]},");
            w.Line($"LatentDistribution = LatentDistribution.{LatentNames[gan.LatentDistribution]},");
            w.Line($"DefaultBatch = {gan.Batch},");
            w.Line($"LabelSmoothing = {OpAttribute.Literal(gan.LabelSmoothing)},");
            var layers = g.Model.Layers.Concat(d.Model.Layers).ToList();
            var dropout = layers.FirstOrDefault(l => l.Kind == LayerKind.Dropout);
            var noise = layers.FirstOrDefault(l => l.Kind == LayerKind.GaussianNoise);
            if (dropout is not null) w.Line($"HasDropout = true, DropoutRate = {OpAttribute.Literal(dropout.Rate)},");
            if (noise is not null) w.Line($"HasInputNoise = true, InputNoise = {OpAttribute.Literal(noise.Rate)},");
            w.Line($"GeneratorAdam = {Adam(gan.GeneratorAdam)},");
            w.Line($"DiscriminatorAdam = {Adam(gan.DiscriminatorAdam)},");
            w.Open("Tensors = new TensorSpec[]");
            foreach (var net in new[] { g, d })
                foreach (var t in net.Tensors)
                    w.Line($"new(\"{t.Name}\", Net.{(net.Prefix == "G" ? "Generator" : "Discriminator")}, TensorRole.{t.Role}, {t.Layer}, {Ints(t.Shape)}, {t.Constant}, {t.FanIn}),");
            w.Close(",");
            w.Open("Layers = new LayerSpec[]");
            foreach (var net in new[] { g, d })
                foreach (var l in net.Layers)
                    w.Line($"new(Net.{(net.Prefix == "G" ? "Generator" : "Discriminator")}, {l.Layer.Index}, \"{l.Layer.Block}\", \"{l.Description}\", {Ints(l.Output)}, {l.Parameters}) {{ {LayerFields(l)} }},");
            w.Close(",");
            w.Line("GeneratorParameterFloats = GParameterFloats,");
            w.Line("DiscriminatorParameterFloats = DParameterFloats,");
            w.Line("GeneratorStatisticFloats = GStatisticFloats,");
            w.Line("DiscriminatorStatisticFloats = DStatisticFloats,");
            w.Line("ArenaFloatsPerSample = ArenaFloatsPerSample,");
            w.Line("ScratchFloats = ScratchFloats,");
            w.Line("DeviceScratchFloats = DeviceScratchFloats,");
            w.Line($"FlopsPerSample = {flops},");
            w.Line($"Real = {Slot(recipes.Real)},");
            w.Line($"LatentD = {Slot(recipes.LatentD)},");
            w.Line($"LatentG = {Slot(recipes.LatentG)},");
            w.Line($"Fake = {Slot(recipes.Fake)},");
            w.Line($"DReal = {Slot(recipes.DReal)},");
            w.Line($"DFake = {Slot(recipes.DFake)},");
            w.Line("CudaSource = CudaSource,");
            w.Line("CudaKernels = CudaKernels,");
            w.Line("DeviceProgram = DeviceProgram,");
            w.Line("DeviceFeed = DeviceFeed,");
            w.Line("DeviceSample = DeviceSample,");
            w.Line("DeviceSampleTraining = DeviceSampleTraining,");
            w.Close(";");
            w.Line();
            w.Line("GanDefinition global::Dcgan.Runtime.IGanModel.Definition => Definition;");
            w.Line();
        }

        /// <summary>The layer's kind, input shape and the settings its kind uses, as <see cref="LayerSpec"/> initialisers.</summary>
        internal static string LayerFields(LayerPlan plan)
        {
            var l = plan.Layer;
            var fields = new List<string> { $"Op = LayerOp.{l.Kind}", $"InputShape = new[] {{ {string.Join(", ", plan.Input)} }}" };
            switch (l.Kind)
            {
                case LayerKind.Conv2d:
                case LayerKind.ConvTranspose2d:
                    fields.Add($"Kernel = {l.Kernel}");
                    if (l.Stride != 1) fields.Add($"Stride = {l.Stride}");
                    if (l.Padding != 0) fields.Add($"Padding = {l.Padding}");
                    if (l.OutputPadding != 0) fields.Add($"OutputPadding = {l.OutputPadding}");
                    break;
                case LayerKind.BatchNorm:
                    fields.Add($"Eps = {OpAttribute.Literal(l.Eps)}");
                    if (l.Momentum != 0.1) fields.Add($"Momentum = {OpAttribute.Literal(l.Momentum)}");
                    break;
                case LayerKind.LeakyRelu:
                    fields.Add($"Slope = {OpAttribute.Literal(l.Slope)}");
                    break;
                case LayerKind.Upsample:
                    fields.Add($"Upsample = UpsampleMode.{(l.UpsampleMode == LayerModel.Bilinear ? "Bilinear" : "Nearest")}");
                    if (l.Scale != 2) fields.Add($"Scale = {l.Scale}");
                    break;
                case LayerKind.Dropout:
                case LayerKind.GaussianNoise:
                    fields.Add($"Rate = {OpAttribute.Literal(l.Rate)}");
                    break;
            }
            return string.Join(", ", fields);
        }

        private static void EmitSummary(IndentedWriter w, GanModel gan, NetworkPlan g, NetworkPlan d, Recipes recipes)
        {
            var lines = new List<string> { $"{gan.Name} ({RecipeNames[gan.Recipe]}, {LossNames[gan.Loss]})" };
            foreach (var net in new[] { g, d })
            {
                lines.Add($"{(net.Prefix == "G" ? "Generator" : "Discriminator")} {net.Model.TypeName}: input {ShapeText.Of(net.Input)}, {net.Layers.Sum(l => l.Parameters):N0} parameters");
                foreach (var l in net.Layers)
                    lines.Add($"  {net.Prefix}.{l.Layer.Index,-3} {l.Description,-48} {ShapeText.Of(l.Output),-16} {(l.Parameters > 0 ? l.Parameters.ToString("N0") : "")}");
            }
            lines.Add($"Arena: {recipes.ArenaFloatsPerSample * 4:N0} bytes per sample (+{recipes.ScratchFloats * 4:N0} bytes scratch)");
            w.Line("/// <summary>Layers, output shapes, parameter counts and arena size, as the generator computed them.</summary>");
            w.Line("public const string Summary =");
            for (int i = 0; i < lines.Count; i++)
                w.Line($"    \"{lines[i].Replace("\"", "\\\"")}{(i < lines.Count - 1 ? "\\n\" +" : "\";")}");
            w.Line();
        }

        internal static void EmitPhase(IndentedWriter w, Phase phase, string stateType = "GanState")
        {
            w.Line();
            w.Line($"/// <summary>{System.Security.SecurityElement.Escape(phase.Summary)}</summary>");
            w.Open($"private static unsafe void {phase.Method}({stateType} s)");
            var used = new HashSet<string>(phase.Statements.SelectMany(CpuStepRenderer.Locals));
            foreach (var local in Locals)
                if (used.Contains(local.Name))
                    w.Line(local.Init);
            foreach (var statement in phase.Statements)
            {
                w.Line($"// {statement.Comment}");
                w.Line(CpuStepRenderer.Line(statement));
            }
            w.Close();
        }
    }
}
