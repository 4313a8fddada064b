using System.Collections.Generic;
using System.Linq;
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
                    b.Emit("zero D's gradients", "K.Clear(dg, DParameterFloats);", 0).Call("DeviceOp.Clear(DParameterFloats", DeviceOperands.WholeBuffer("Gradients", "buffer", _d));
                    var onReal = b.Forward("DOnReal", _d, Real, training: true, output: DReal);
                    var realLoss = Loss(b, onReal, realTarget, 1f, "dLossReal");
                    b.Backward(onReal, realLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    b.BeginPhase("DiscriminatorOnFake", "D's step, fake half: G(z_d) in training mode, D on the detached fake, backward; gradients add to the real half's.");
                    var gen = b.Forward("GTrain", _g, LatentD, training: true, output: Fake);
                    var onFake = b.Forward("DOnFake", _d, Fake, training: true, output: DFake);
                    var fakeLoss = Loss(b, onFake, fakeTarget, 1f, "dLossFake");
                    b.Backward(onFake, fakeLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    b.Emit("D's loss", "s.DLoss = s.DLossReal + s.DLossFake;", 0).OnHost = true;
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
                    b.Emit("D's loss", averaged ? "s.DLoss = (s.DLossReal + s.DLossFake) / 2f;" : "s.DLoss = s.DLossReal + s.DLossFake;", 0).OnHost = true;
                    b.Emit("zero D's gradients", "K.Clear(dg, DParameterFloats);", 0).Call("DeviceOp.Clear(DParameterFloats", DeviceOperands.WholeBuffer("Gradients", "buffer", _d));
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
                    b.Emit("D's loss", "s.DLoss = s.DLossReal + s.DLossFake;", 0).OnHost = true;
                    b.Emit("zero D's gradients", "K.Clear(dg, DParameterFloats);", 0).Call("DeviceOp.Clear(DParameterFloats", DeviceOperands.WholeBuffer("Gradients", "buffer", _d));
                    b.Backward(onReal, realLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    b.Backward(onFake, fakeLoss, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
                    Adam(b, _d);
                    break;
                }
            }
            b.Emit("one more step taken: the next step's dropout and noise draw further on in their streams", "s.Step++;", 0)
                .Launch(DeviceKernels.AdvanceCounter(), DeviceOperands.Counter("counter", "Step"));
            Train.ComputeLifetimes();
            ArenaFloatsPerSample = MemoryPlanner.Plan(Train.Tensors, new ArenaTensor[0]);

            // Sampling runs G alone from z_d into the fake slot; it reuses the arena, around the pinned slots.
            var pinned = Train.PinnedForLaterPrograms();
            PlanSampling(Sample, "GeneratorSample", "G(z_d) in eval mode (running batch-norm statistics) into the fake slot.", "GSample", training: false, pinned);
            PlanSampling(SampleTraining, "GeneratorSampleTraining", "G(z_d) in training mode (batch statistics) into the fake slot; the running statistics move as in training.", "GSampleTraining", training: true, pinned);
            DeviceScratchFloats = ScratchLayout.PlaceDeviceOnly(Scratch);
        }

        private void PlanSampling(StepProgram program, string phase, string summary, string pass, bool training, List<ArenaTensor> pinned)
        {
            var sampler = new StepBuilder(program, Scratch);
            sampler.BeginPhase(phase, summary);
            sampler.Forward(pass, _g, LatentD, training, output: Fake);
            ArenaFloatsPerSample = System.Math.Max(ArenaFloatsPerSample, program.PlanAround(pinned));
        }

        /// <summary>BCE of D's output against the target in state property <paramref name="target"/>; the loss kernel writes the gradient wrt D's pre-sigmoid output.</summary>
        private ArenaTensor Loss(StepBuilder b, Pass pass, string target, float scale, string field)
        {
            var gradient = b.Tensor($"{pass.Name}_loss_grad", 1, $"gradient of {field} wrt D's logits");
            string kernel = _gan.Loss == GanLoss.Bce ? "BceOnProbabilities" : "BceWithLogits";
            string fieldName = char.ToUpperInvariant(field[0]) + field.Substring(1);
            var split = DeviceKernels.Loss("d_loss", _gan.Loss == GanLoss.Bce, scale,
                $"D's loss on a real or fake batch: {kernel} against the target" + (scale != 1f ? $", gradient scaled by {StepBuilder.Float(scale)}" : ""));
            var partials = b.DeviceScratch($"{pass.Name}_loss_partials", split.ScratchFloats);
            b.Emit($"{fieldName} = BCE(D output, s.{target})" + (scale != 1f ? $", gradient scaled by {StepBuilder.Float(scale)}" : ""),
                $"s.{fieldName} = K.{kernel}({StepBuilder.At(pass.Output)}, n, s.{target}, {StepBuilder.At(gradient)}, {StepBuilder.Float(scale)});",
                0, pass.Output, gradient)
                .Launch(split.Partials, DeviceOperands.Arena(_gan.Loss == GanLoss.Bce ? "probabilities" : "logits", pass.Output), DeviceOperands.Value("target", target),
                    DeviceOperands.Arena("dlogits", gradient), DeviceOperands.Scratch("partials", partials), DeviceOperands.Batch)
                .Launch(split.Combine, DeviceOperands.Scratch("partials", partials), DeviceOperands.Loss("loss", fieldName), DeviceOperands.Batch);
            return gradient;
        }

        private void GeneratorStep(StepBuilder b, Pass gen)
        {
            var scored = b.Forward("DOnGenerated", _d, gen.Output, training: true);
            var loss = b.Tensor("DOnGenerated_loss_grad", 1, "gradient of G's loss wrt D's logits");
            string kernel = _gan.Loss == GanLoss.Bce ? "BceOnProbabilities" : "BceWithLogits";
            var split = DeviceKernels.Loss("g_loss", _gan.Loss == GanLoss.Bce, 1f, $"G's loss: {kernel} of D(G(z)) against the real target");
            var partials = b.DeviceScratch("DOnGenerated_loss_partials", split.ScratchFloats);
            b.Emit("G's loss = BCE(D(G(z)), 1)", $"s.GLoss = K.{kernel}({StepBuilder.At(scored.Output)}, n, 1f, {StepBuilder.At(loss)}, 1f);", 0, scored.Output, loss)
                .Launch(split.Partials, DeviceOperands.Arena(_gan.Loss == GanLoss.Bce ? "probabilities" : "logits", scored.Output), DeviceOperands.Value("target", "One"),
                    DeviceOperands.Arena("dlogits", loss), DeviceOperands.Scratch("partials", partials), DeviceOperands.Batch)
                .Launch(split.Combine, DeviceOperands.Scratch("partials", partials), DeviceOperands.Loss("loss", "GLoss"), DeviceOperands.Batch);
            var intoGenerator = b.Tensor("DOnGenerated_input_grad", ShapeText.Size(_d.Input), "gradient of G's loss wrt G's output");
            b.Backward(scored, loss, lossGaveLogitGradient: true, parameterGradients: false, inputGradient: intoGenerator);
            b.Emit("zero G's gradients", "K.Clear(gg, GParameterFloats);", 0).Call("DeviceOp.Clear(GParameterFloats", DeviceOperands.WholeBuffer("Gradients", "buffer", _g));
            b.Backward(gen, intoGenerator, false, parameterGradients: true, inputGradient: null);
            Adam(b, _g);
        }

        private static void Adam(StepBuilder b, NetworkPlan net)
        {
            string network = net.Net.ToString();
            string p = net.Prefix.ToLowerInvariant(), upper = net.Prefix;
            var corrections = b.DeviceScratch($"{upper}_adam_corrections", 2);
            b.Emit($"Adam over all of {network}'s parameters in one pass",
                $"{{ var net = s.{network}; var h = net.Adam; net.AdamStep++; K.AdamStep({p}p, {p}g, {p}m, {p}v, {upper}ParameterFloats, h.LearningRate, h.Beta1, h.Beta2, h.Eps, h.WeightDecay, net.AdamStep); }}", 0)
                .Launch(DeviceKernels.AdamBeginStep(net), DeviceOperands.Counter("counter", DeviceOperands.AdamCounter(net)),
                    DeviceOperands.Value("lr", "LearningRate", net), DeviceOperands.Value("beta1", "Beta1", net), DeviceOperands.Value("beta2", "Beta2", net),
                    DeviceOperands.Scratch("corrections", corrections))
                .Launch(DeviceKernels.Adam(net, $"Adam over all of {network}'s parameters in one pass"),
                    DeviceOperands.WholeBuffer("Parameters", "p", net), DeviceOperands.WholeBuffer("Gradients", "g", net),
                    DeviceOperands.WholeBuffer("AdamM", "m", net), DeviceOperands.WholeBuffer("AdamV", "v", net), DeviceOperands.Scratch("corrections", corrections),
                    DeviceOperands.Value("beta1", "Beta1", net), DeviceOperands.Value("beta2", "Beta2", net),
                    DeviceOperands.Value("eps", "Eps", net), DeviceOperands.Value("weight_decay", "WeightDecay", net));
        }
    }
}
