using System.Collections.Generic;
using System.Linq;
using Dcgan.Runtime;
using Dcgan.Generators.Model;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// Lays out one training step per recipe (reference.py's <c>step</c>) as phases of kernel
    /// calls, and the sampling program that runs G alone.
    /// </summary>
    internal sealed class Recipes
    {
        private readonly GanModel _gan;
        private readonly NetworkPlan _g;
        private readonly NetworkPlan _d;

        public Recipes(GanModel gan, NetworkPlan g, NetworkPlan d)
        {
            _gan = gan;
            _g = g;
            _d = d;
        }

        public StepProgram Train { get; } = new StepProgram();
        public StepProgram Sample { get; } = new StepProgram();
        /// <summary>G alone in training mode: batch statistics, the run's dropout (what <c>G.train()</c> samples in PyTorch).</summary>
        public StepProgram SampleTraining { get; } = new StepProgram();
        public List<ScratchTensor> Scratch { get; } = new List<ScratchTensor>();
        public ArenaTensor Real { get; private set; } = null!;
        public ArenaTensor LatentD { get; private set; } = null!;
        public ArenaTensor LatentG { get; private set; } = null!;
        public ArenaTensor Fake { get; private set; } = null!;
        public ArenaTensor DReal { get; private set; } = null!;
        public ArenaTensor DFake { get; private set; } = null!;
        public long ArenaFloatsPerSample { get; private set; }
        public long ScratchFloats => Scratch.Sum(s => ScratchLayout.Rounded(s.Size));
        /// <summary>The tail of the scratch only device programs write (ScratchLayout).</summary>
        public long DeviceScratchFloats { get; private set; }

        /// <summary>The plan-ops pass: the step of the declared recipe and both sampling programs, as statements; no offsets yet.</summary>
        public void Build()
        {
            var b = new StepBuilder(Train, Scratch);
            long image = ShapeText.Size(_d.Input), latent = ShapeText.Size(_g.Input);
            Real = b.Tensor("real", image, $"real images {ShapeText.Of(_d.Input)}", pinned: true);
            LatentD = b.Tensor("z_d", latent, $"latents of D's fake batch {ShapeText.Of(_g.Input)}", pinned: true);
            LatentG = b.Tensor("z_g", latent, $"latents of G's step {ShapeText.Of(_g.Input)}", pinned: true);
            Fake = b.Tensor("fake", image, $"the fake batch D's step scored {ShapeText.Of(_d.Input)}", pinned: true);
            DReal = b.Tensor("d_real", 1, "D's output on the real batch", pinned: true);
            DFake = b.Tensor("d_fake", 1, "D's output on the fake batch", pinned: true);
            int widest = new[] { _g, _d }.SelectMany(n => n.Ops).Where(o => o.Kind == OpKind.BatchNorm).Select(o => o.Input[0]).DefaultIfEmpty(0).Max();
            if (widest > 0) Scratch.Add(new ScratchTensor("sink", 2 * ((widest + 15) / 16 * 16), 0));

            // D's targets read the state, whose label smoothing starts at the declared value.
            // The state properties holding D's targets (label smoothing moves them per run).
            const string realTarget = "RealTarget", fakeTarget = "FakeTarget";
            switch (_gan.Recipe)
            {
                case GanRecipe.Standard:
                {
                    b.BeginPhase("DiscriminatorOnReal", "D's step, real half: D(real) in training mode, loss against the real target, backward (D's gradients start from zero).");
                    Clear(b, _d, "zero D's gradients");
                    var onReal = b.Forward("DOnReal", _d, Real, training: true, output: DReal);
                    var realLoss = Loss(b, onReal, realTarget, 1f, "dLossReal");
                    b.Backward(onReal, realLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    b.BeginPhase("DiscriminatorOnFake", "D's step, fake half: G(z_d) in training mode, D on the detached fake, backward; gradients add to the real half's.");
                    var gen = b.Forward("GTrain", _g, LatentD, training: true, output: Fake);
                    var onFake = b.Forward("DOnFake", _d, Fake, training: true, output: DFake);
                    var fakeLoss = Loss(b, onFake, fakeTarget, 1f, "dLossFake");
                    b.Backward(onFake, fakeLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    SumDiscriminatorLoss(b, averaged: false);
                    Adam(b, _d);
                    b.BeginPhase("GeneratorStep", "G's step: the updated D scores the same fake batch against the real target; backward through D into G.");
                    GeneratorStep(b, gen);
                    break;
                }
                case GanRecipe.FreshFakeEvalG:
                case GanRecipe.Averaged:
                {
                    bool averaged = _gan.Recipe == GanRecipe.Averaged;
                    float scale = averaged ? 0.5f : 1f;
                    b.BeginPhase("DiscriminatorForward", averaged
                        ? "D's step: D(real); G(z_d) in training mode, detached; D(fake). The loss is the mean of the two terms."
                        : "D's step: D(real); G(z_d) in eval mode (running batch-norm statistics), no gradient; D(fake).");
                    var onReal = b.Forward("DOnReal", _d, Real, training: true, output: DReal);
                    b.Forward(averaged ? "GTrainForFake" : "GEval", _g, LatentD, training: averaged, output: Fake);
                    var onFake = b.Forward("DOnFake", _d, Fake, training: true, output: DFake);
                    b.BeginPhase("DiscriminatorBackward", "D's loss on both halves, backward through both passes, Adam.");
                    var realLoss = Loss(b, onReal, realTarget, scale, "dLossReal");
                    var fakeLoss = Loss(b, onFake, fakeTarget, scale, "dLossFake");
                    SumDiscriminatorLoss(b, averaged);
                    Clear(b, _d, "zero D's gradients");
                    b.Backward(onReal, realLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    b.Backward(onFake, fakeLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    Adam(b, _d);
                    b.BeginPhase("GeneratorStep", "G's step: a fresh batch G(z_g) in training mode, scored by the updated D against the real target.");
                    var gen = b.Forward("GTrain", _g, LatentG, training: true);
                    GeneratorStep(b, gen);
                    break;
                }
                default:
                {
                    b.BeginPhase("GeneratorStep", "G's step first: G(z_d) scored by D against the real target; backward through D into G.");
                    var gen = b.Forward("GTrain", _g, LatentD, training: true);
                    GeneratorStep(b, gen);
                    b.BeginPhase("DiscriminatorStep", "D's step: D(real); the updated G makes G(z_d) again, detached; D(fake); Adam.");
                    var onReal = b.Forward("DOnReal", _d, Real, training: true, output: DReal);
                    b.Forward("GTrainForFake", _g, LatentD, training: true, output: Fake);
                    var onFake = b.Forward("DOnFake", _d, Fake, training: true, output: DFake);
                    var realLoss = Loss(b, onReal, realTarget, 1f, "dLossReal");
                    var fakeLoss = Loss(b, onFake, fakeTarget, 1f, "dLossFake");
                    SumDiscriminatorLoss(b, averaged: false);
                    Clear(b, _d, "zero D's gradients");
                    b.Backward(onReal, realLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    b.Backward(onFake, fakeLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    Adam(b, _d);
                    break;
                }
            }
            b.Emit("one more step taken: the next step's dropout and noise draw further on in their streams", OpCode.AdvanceStep, 0, ("step", OpAttribute.State("Step")))
                .Launch(DeviceKernels.AdvanceCounter(), Operand.Counter("Step"));

            // Sampling runs G alone from z_d into the fake slot; it reuses the arena, around the pinned slots.
            PlanSampling(Sample, "GeneratorSample", "G(z_d) in eval mode (running batch-norm statistics) into the fake slot.", "GSample", training: false);
            PlanSampling(SampleTraining, "GeneratorSampleTraining", "G(z_d) in training mode (batch statistics) into the fake slot; the running statistics move as in training.", "GSampleTraining", training: true);
        }

        /// <summary>The memory pass, once every program is planned: arena offsets (the step's, then sampling's around its pinned slots), and the device-only scratch.</summary>
        public void PlanMemory()
        {
            ArenaFloatsPerSample = MemoryPlanner.PlanPrograms(Train, Sample, SampleTraining);
            DeviceScratchFloats = ScratchLayout.PlaceDeviceOnly(Scratch);
        }

        /// <summary>Every program of the GAN, the step first: the ones the memory plan and the verify pass cover.</summary>
        public StepProgram[] Programs => new[] { Train, Sample, SampleTraining };

        private void PlanSampling(StepProgram program, string phase, string summary, string pass, bool training)
        {
            var sampler = new StepBuilder(program, Scratch);
            sampler.BeginPhase(phase, summary);
            sampler.Forward(pass, _g, LatentD, training, output: Fake);
        }

        /// <summary>BCE of D's output against the target in state property <paramref name="target"/>; the loss kernel writes the gradient wrt D's pre-sigmoid output.</summary>
        private ArenaTensor Loss(StepBuilder b, Pass pass, string target, float scale, string field)
        {
            var gradient = b.Tensor($"{pass.Name}_loss_grad", 1, $"gradient of {field} wrt D's logits");
            string kernel = _gan.Loss == GanLoss.Bce ? "BceOnProbabilities" : "BceWithLogits";
            string fieldName = char.ToUpperInvariant(field[0]) + field.Substring(1);
            string scaled = scale != 1f ? $", gradient scaled by {OpAttribute.Literal(scale)}" : "";
            var split = DeviceKernels.Loss("d_loss", _gan.Loss == GanLoss.Bce, scale, $"D's loss on a real or fake batch: {kernel} against the target" + scaled);
            var partials = b.DeviceScratch($"{pass.Name}_loss_partials", split.ScratchFloats);
            BceLoss(b, $"{fieldName} = BCE(D output, s.{target})" + scaled, fieldName, pass.Output, OpAttribute.State(target), gradient, OpAttribute.Float(scale))
                .Launch(split.Partials, Operand.Of(pass.Output), Operand.Value(target), Operand.Of(gradient), Operand.Of(partials), Operand.Batch)
                .Launch(split.Combine, Operand.Of(partials), Operand.Loss(fieldName), Operand.Batch);
            return gradient;
        }

        /// <summary>The declared BCE of <paramref name="output"/> against <paramref name="target"/> into state member <paramref name="field"/>, its gradient into <paramref name="gradient"/>.</summary>
        private Statement BceLoss(StepBuilder b, string comment, string field, ArenaTensor output, OpAttribute target, ArenaTensor gradient, OpAttribute scale) =>
            b.Emit(comment, _gan.Loss == GanLoss.Bce ? OpCode.BceOnProbabilities : OpCode.BceWithLogits, 0, ("result", OpAttribute.State(field)),
                (_gan.Loss == GanLoss.Bce ? "probabilities" : "logits", Operand.Of(output)), ("n", Operand.Batch), ("target", target), ("dlogits", Operand.Of(gradient)), ("scale", scale));

        private void GeneratorStep(StepBuilder b, Pass gen)
        {
            var scored = b.Forward("DOnGenerated", _d, gen.Output, training: true);
            var loss = b.Tensor("DOnGenerated_loss_grad", 1, "gradient of G's loss wrt D's logits");
            string kernel = _gan.Loss == GanLoss.Bce ? "BceOnProbabilities" : "BceWithLogits";
            var split = DeviceKernels.Loss("g_loss", _gan.Loss == GanLoss.Bce, 1f, $"G's loss: {kernel} of D(G(z)) against the real target");
            var partials = b.DeviceScratch("DOnGenerated_loss_partials", split.ScratchFloats);
            BceLoss(b, "G's loss = BCE(D(G(z)), 1)", "GLoss", scored.Output, OpAttribute.Float(1), loss, OpAttribute.Float(1))
                .Launch(split.Partials, Operand.Of(scored.Output), Operand.Value("One"), Operand.Of(loss), Operand.Of(partials), Operand.Batch)
                .Launch(split.Combine, Operand.Of(partials), Operand.Loss("GLoss"), Operand.Batch);
            var intoGenerator = b.Tensor("DOnGenerated_input_grad", ShapeText.Size(_d.Input), "gradient of G's loss wrt G's output");
            b.Backward(scored, loss, lossGaveLogitGradient: true, parameterGradients: false, inputGradient: intoGenerator);
            Clear(b, _g, "zero G's gradients");
            b.Backward(gen, intoGenerator, false, parameterGradients: true, inputGradient: null);
            Adam(b, _g);
        }

        /// <summary>Zeroes <paramref name="net"/>'s whole gradient buffer.</summary>
        internal static void Clear(StepBuilder b, NetworkPlan net, string comment, bool onDevice = true)
        {
            var buffer = Operand.Whole(net, NetworkBuffer.Gradients);
            string count = $"{net.Prefix}ParameterFloats";
            var statement = b.Emit(comment, OpCode.Clear, 0, ("buffer", buffer), ("count", OpAttribute.Constant(count)));
            if (onDevice) statement.Call(LibraryCall.Clear(count), ("buffer", buffer));
        }

        /// <summary>D's loss from its two terms, on the host: their sum, or their mean in the averaged recipe.</summary>
        private static void SumDiscriminatorLoss(StepBuilder b, bool averaged) =>
            b.Emit("D's loss", OpCode.SumDiscriminatorLoss, 0, ("result", OpAttribute.State("DLoss")), ("real", OpAttribute.State("DLossReal")),
                ("fake", OpAttribute.State("DLossFake")), ("average", OpAttribute.Size(averaged ? 1 : 0)));

        /// <summary>
        /// Adam over <paramref name="net"/>'s whole parameter buffer with the network's settings: its step count moves on as it
        /// is passed, and the pass uses that step's bias corrections (on the device, one thread writes them to scratch first).
        /// </summary>
        internal static Statement AdamStatement(StepBuilder b, NetworkPlan net, string network, string comment)
        {
            string Hyper(string name) => $"{network}.Adam.{name}";
            return b.Emit(comment, OpCode.AdamStep, 0,
                ("p", Operand.Whole(net, NetworkBuffer.Parameters)), ("g", Operand.Whole(net, NetworkBuffer.Gradients)),
                ("m", Operand.Whole(net, NetworkBuffer.AdamM)), ("v", Operand.Whole(net, NetworkBuffer.AdamV)),
                ("count", OpAttribute.Constant($"{net.Prefix}ParameterFloats")), ("lr", OpAttribute.State(Hyper("LearningRate"))),
                ("beta1", OpAttribute.State(Hyper("Beta1"))), ("beta2", OpAttribute.State(Hyper("Beta2"))), ("eps", OpAttribute.State(Hyper("Eps"))),
                ("weight_decay", OpAttribute.State(Hyper("WeightDecay"))), ("step", OpAttribute.Incremented($"{network}.AdamStep")));
        }

        private static void Adam(StepBuilder b, NetworkPlan net)
        {
            string network = net.Net.ToString();
            var corrections = b.DeviceScratch($"{net.Prefix}_adam_corrections", 2);
            AdamStatement(b, net, network, $"Adam over all of {network}'s parameters in one pass")
                .Launch(DeviceKernels.AdamBeginStep(net), Operand.Counter(net.Net + "AdamStep"),
                    Operand.Value("LearningRate", net), Operand.Value("Beta1", net), Operand.Value("Beta2", net), Operand.Of(corrections))
                .Launch(DeviceKernels.Adam(net, $"Adam over all of {network}'s parameters in one pass"),
                    Operand.Whole(net, NetworkBuffer.Parameters), Operand.Whole(net, NetworkBuffer.Gradients),
                    Operand.Whole(net, NetworkBuffer.AdamM), Operand.Whole(net, NetworkBuffer.AdamV), Operand.Of(corrections),
                    Operand.Value("Beta1", net), Operand.Value("Beta2", net), Operand.Value("Eps", net), Operand.Value("WeightDecay", net));
        }
    }
}
