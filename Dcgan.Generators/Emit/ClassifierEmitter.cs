using System.Collections.Generic;
using System.Linq;
using Dcgan.Generators.Model;
using Dcgan.Generators.Planning;
using Dcgan.Runtime;

namespace Dcgan.Generators.Emit
{
    /// <summary>
    /// Emits a classifier's compiled training step and eval pass: the tensor and arena tables, the build-time
    /// definition, and one method per phase, as the GAN step is written.
    /// </summary>
    internal static class ClassifierEmitter
    {
        public static string Emit(ClassifierModel classifier, NetworkPlan net, ClassifierRecipe recipe)
        {
            var network = classifier.Network;
            var w = new IndentedWriter();
            StepEmitter.EmitFileHeader(w, network.Namespace,
                "// The compiled training step and eval pass of one classifier. Every offset below was fixed at build",
                "// time by the dcgan source generator from the layer attributes; nothing is computed or allocated per step.");
            w.Line($"/// <summary>{classifier.Name}: {ShapeText.Of(net.Input)} -> {recipe.Classes} classes, features [{recipe.FeatureSize}].</summary>");
            w.Open($"partial class {network.TypeName} : global::Dcgan.Runtime.IClassifierModel");

            StepEmitter.EmitTensorTable(w, net);
            StepEmitter.EmitArenaTable(w, new[] { recipe.Train, recipe.Classify }, recipe.ArenaFloatsPerSample, recipe.Scratch, recipe.ScratchFloats);
            EmitDefinition(w, classifier, net, recipe);

            w.Line("/// <summary>One training step (see <see cref=\"global::Dcgan.Runtime.IClassifierModel.TrainStep\"/>).</summary>");
            w.Open("public void TrainStep(ClassifierState s)");
            w.Line("CheckState(s);");
            foreach (var phase in recipe.Train.Phases) w.Line($"{phase.Method}(s);");
            w.Line("s.Step++;");
            w.Close();
            w.Line();
            w.Line("/// <summary>The eval pass: logits and penultimate features of the images.</summary>");
            w.Open("public void Classify(ClassifierState s)");
            w.Line("CheckState(s);");
            foreach (var phase in recipe.Classify.Phases) w.Line($"{phase.Method}(s);");
            w.Close();
            w.Line();
            w.Open("private static void CheckState(ClassifierState s)");
            w.Line("if (!ReferenceEquals(s.Definition, Definition))");
            w.Line($"    throw new global::System.ArgumentException($\"this state was made for classifier {{s.Definition.Name}}, not {classifier.Name}\", nameof(s));");
            w.Close();

            foreach (var program in recipe.Programs)
                foreach (var phase in program.Phases)
                    PhaseRenderer.Emit(w, phase, program, "ClassifierState");
            w.Close();
            return w.ToString();
        }

        private static void EmitDefinition(IndentedWriter w, ClassifierModel classifier, NetworkPlan net, ClassifierRecipe recipe)
        {
            string Ints(IEnumerable<int> values) => "new[] { " + string.Join(", ", values) + " }";
            string Slot(ArenaTensor t) => $"new({t.Constant}, {t.SizePerSample})";
            var a = classifier.Adam;
            long flops = recipe.Train.Phases.SelectMany(p => p.Statements).Sum(s => s.FlopsPerSample);

            w.Line("/// <summary>What the generator worked out at build time: shapes, the tensor table, the memory plan.</summary>");
            w.Open("public static ClassifierDefinition Definition { get; } = new()");
            w.Line($"Name = \"{classifier.Name}\",");
            w.Line($"ImageShape = {Ints(net.Input)},");
            w.Line($"Classes = {recipe.Classes},");
            w.Line($"FeatureSize = {recipe.FeatureSize},");
            w.Line($"Init = {nameof(InitScheme)}.{classifier.Init},");
            w.Line($"DefaultBatch = {classifier.Batch},");
            w.Line($"Adam = new({OpAttribute.Literal(a.LearningRate)}, {OpAttribute.Literal(a.Beta1)}, {OpAttribute.Literal(a.Beta2)}, {OpAttribute.Literal(a.Eps)}, {OpAttribute.Literal(a.WeightDecay)}),");
            w.Open("Tensors = new TensorSpec[]");
            foreach (var t in net.Tensors)
                w.Line($"new(\"{t.Name}\", {nameof(Net)}.{net.Net}, {nameof(TensorRole)}.{t.Role}, {t.Layer}, {Ints(t.Shape)}, {t.Constant}, {t.FanIn}),");
            w.Close(",");
            w.Open("Layers = new LayerSpec[]");
            foreach (var l in net.Layers)
                w.Line($"new({nameof(Net)}.{net.Net}, {l.Layer.Index}, \"{l.Layer.Block}\", \"{l.Description}\", {Ints(l.Output)}, {l.Parameters}) {{ {StepEmitter.LayerFields(l)} }},");
            w.Close(",");
            w.Line("ParameterFloats = CParameterFloats,");
            w.Line("StatisticFloats = CStatisticFloats,");
            w.Line("ArenaFloatsPerSample = ArenaFloatsPerSample,");
            w.Line("ScratchFloats = ScratchFloats,");
            w.Line($"FlopsPerSample = {flops},");
            w.Line($"Images = {Slot(recipe.Images)},");
            w.Line($"Labels = {Slot(recipe.Labels)},");
            w.Line($"Logits = {Slot(recipe.Logits)},");
            w.Line($"Features = {Slot(recipe.Features)},");
            w.Line("CudaSource = CudaSource,");
            w.Line("CudaKernels = CudaKernels,");
            w.Close(";");
            w.Line();
            w.Line("ClassifierDefinition global::Dcgan.Runtime.IClassifierModel.Definition => Definition;");
            w.Line();
        }
    }
}
