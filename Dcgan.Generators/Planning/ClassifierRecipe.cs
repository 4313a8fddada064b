using System.Collections.Generic;
using System.Linq;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// Lays out a classifier's training step (forward in training mode, softmax cross-entropy, backward,
    /// Adam) and its eval pass, which also copies out the penultimate features.
    /// </summary>
    internal sealed class ClassifierRecipe
    {
        private readonly NetworkPlan _net;

        public ClassifierRecipe(NetworkPlan net)
        {
            _net = net;
        }

        public StepProgram Train { get; } = new StepProgram();
        public StepProgram Classify { get; } = new StepProgram();
        public List<ScratchTensor> Scratch { get; } = new List<ScratchTensor>();
        public ArenaTensor Images { get; private set; } = null!;
        public ArenaTensor Labels { get; private set; } = null!;
        public ArenaTensor Logits { get; private set; } = null!;
        public ArenaTensor Features { get; private set; } = null!;
        public int Classes => (int)ShapeText.Size(_net.Output);
        /// <summary>The input of the last op (the final Linear): the penultimate features.</summary>
        public int FeatureSize => (int)_net.Ops[_net.Ops.Count - 1].InputSize;
        public long ArenaFloatsPerSample { get; private set; }
        public long ScratchFloats => Scratch.Sum(s => ScratchLayout.Rounded(s.Size));

        private static DeviceKernel[] Both(ReductionSplit split) => new[] { split.Partials, split.Combine };

        public void Build()
        {
            var b = new StepBuilder(Train, Scratch);
            Images = b.Tensor("images", ShapeText.Size(_net.Input), $"images {ShapeText.Of(_net.Input)}", pinned: true);
            Labels = b.Tensor("labels", 1, "each image's class index, as a float", pinned: true);
            Logits = b.Tensor("logits", Classes, $"logits [{Classes}]", pinned: true);
            Features = b.Tensor("features", FeatureSize, $"penultimate features [{FeatureSize}] (eval pass)", pinned: true);
            int widest = _net.Ops.Where(o => o.Kind == OpKind.BatchNorm).Select(o => o.Input[0]).DefaultIfEmpty(0).Max();
            if (widest > 0) Scratch.Add(new ScratchTensor("sink", 2 * ((widest + 15) / 16 * 16), 0));

            b.BeginPhase("ClassifierForward", "The network in training mode (batch statistics) on the images, into the logits.");
            var pass = b.Forward("CTrain", _net, Images, training: true, output: Logits);
            b.BeginPhase("ClassifierBackward", "Softmax cross-entropy against the labels, backward (gradients start from zero), Adam.");
            var gradient = b.Tensor("CTrain_loss_grad", Classes, "gradient of the loss wrt the logits");
            const string lossComment = "Loss = softmax cross-entropy(logits, labels), mean over the batch; its gradient wrt the logits";
            b.Emit(lossComment, OpCode.SoftmaxCrossEntropy, 0, ("result", OpAttribute.State("Loss")), ("logits", Operand.Of(Logits)), ("labels", Operand.Of(Labels)),
                    ("n", Operand.Batch), ("classes", OpAttribute.Size(Classes)), ("dlogits", Operand.Of(gradient)))
                .Launches(Both(DeviceKernels.SoftmaxCrossEntropy(Classes, lossComment)));
            b.Emit("images whose label has the top logit", OpCode.CountCorrect, 0, ("result", OpAttribute.State("Correct")), ("logits", Operand.Of(Logits)),
                    ("labels", Operand.Of(Labels)), ("n", Operand.Batch), ("classes", OpAttribute.Size(Classes)))
                .Launches(Both(DeviceKernels.CountCorrect(Classes, "images whose label has the top logit")));
            Recipes.Clear(b, _net, "zero the gradients", onDevice: false);
            b.Backward(pass, gradient, lossGaveLogitGradient: true, parameterGradients: true, inputGradient: null);
            Recipes.AdamStatement(b, _net, "Network", "Adam over all parameters in one pass")
                .Launches(DeviceKernels.AdamBeginStep(_net), DeviceKernels.Adam(_net, "Adam over all parameters in one pass"));

            var e = new StepBuilder(Classify, Scratch);
            e.BeginPhase("ClassifierEval", "The network in eval mode (running statistics) into the logits; the last layer's input copied out as the features.");
            var eval = e.Forward("CEval", _net, Images, training: false, output: Logits);
            var penultimate = eval.Outputs[eval.Outputs.Count - 2];
            e.Emit("the penultimate features", OpCode.Copy, 0, ("x", Operand.Of(penultimate)), ("y", Operand.Of(Features)), ("count", OpAttribute.Elements(FeatureSize)))
                .Launches(DeviceKernels.Copy(_net, _net.Ops[_net.Ops.Count - 1].Primary.Layer.Index, "features_copy", FeatureSize, "the penultimate features (the last layer's input)"));
        }

        /// <summary>
        /// The memory pass: the training step's arena offsets, then the eval pass's around its pinned slots; the bias
        /// gradients' device-only partial sums after the shared scratch (they had no offset before the verify pass caught it).
        /// </summary>
        public void PlanMemory()
        {
            ArenaFloatsPerSample = MemoryPlanner.PlanPrograms(Train, Classify);
            ScratchLayout.PlaceDeviceOnly(Scratch);
        }

        public StepProgram[] Programs => new[] { Train, Classify };
    }
}
