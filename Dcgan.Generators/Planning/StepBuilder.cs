using System.Collections.Generic;
using Dcgan.Runtime;

namespace Dcgan.Generators.Planning
{
    /// <summary>The tensors one forward pass of a network produced, which its backward pass reads.</summary>
    internal sealed class Pass
    {
        public Pass(string name, NetworkPlan network, ArenaTensor input, bool training)
        {
            Name = name;
            Network = network;
            Input = input;
            Training = training;
        }

        public string Name { get; }
        public NetworkPlan Network { get; }
        public ArenaTensor Input { get; }
        public bool Training { get; }
        public List<ArenaTensor> Outputs { get; } = new List<ArenaTensor>();
        public Dictionary<Op, (ScratchTensor Mean, ScratchTensor InvStd)> Saved { get; } = new Dictionary<Op, (ScratchTensor, ScratchTensor)>();
        /// <summary>Dropout masks (the multiplier of each element) kept for the backward pass.</summary>
        public Dictionary<Op, ArenaTensor> Masks { get; } = new Dictionary<Op, ArenaTensor>();
        public ArenaTensor Output => Outputs[Outputs.Count - 1];
    }

    /// <summary>
    /// Plans forward passes, backward passes, losses and Adam updates as typed statements (an op code, operands and
    /// attributes by role, and their device form), creating the arena tensors they use. Offsets are left to the memory
    /// planner; the renderers write the statements as code afterwards.
    /// </summary>
    internal sealed class StepBuilder
    {
        private readonly StepProgram _program;
        private readonly List<ScratchTensor> _scratch;
        private Phase? _phase;
        private int _randomStreams;

        public StepBuilder(StepProgram program, List<ScratchTensor> scratch)
        {
            _program = program;
            _scratch = scratch;
        }

        public ArenaTensor Tensor(string name, long sizePerSample, string comment, bool pinned = false)
        {
            var tensor = new ArenaTensor(name, sizePerSample, comment) { Pinned = pinned };
            _program.Tensors.Add(tensor);
            return tensor;
        }

        public void BeginPhase(string method, string summary)
        {
            _phase = new Phase(method, summary);
            _program.Phases.Add(_phase);
        }

        /// <summary>A statement of op <paramref name="code"/> with each role of its row bound to an <see cref="Operand"/> or <see cref="OpAttribute"/>.</summary>
        public Statement Emit(string comment, OpCode code, long flopsPerSample, params (string Role, object Value)[] arguments)
        {
            var statement = new Statement(comment, code) { FlopsPerSample = flopsPerSample };
            foreach (var (role, value) in arguments) statement.Bind(role, value);
            _phase!.Statements.Add(statement);
            return statement;
        }

        // Operands and attributes, short because the calls below bind a dozen each.
        private static Operand A(ArenaTensor? tensor) => Operand.Of(tensor);
        private static Operand P(NetworkPlan net, StoredTensor? tensor) => Operand.Of(net, NetworkBuffer.Parameters, tensor);
        private static Operand G(NetworkPlan net, StoredTensor? tensor) => Operand.Of(net, NetworkBuffer.Gradients, tensor);
        private static Operand S(NetworkPlan net, StoredTensor? tensor) => Operand.Of(net, NetworkBuffer.Statistics, tensor);
        private static Operand N => Operand.Batch;
        private static OpAttribute Size(long value) => OpAttribute.Size(value);
        private static OpAttribute Count(long perSample) => OpAttribute.Elements(perSample);
        private static OpAttribute Act(Op op) => OpAttribute.Activation(op.Activation.ToString(), op.Slope);

        /// <summary>The operands of a forward epilogue: y in place, the bias where the layer has one.</summary>
        private static Operand[] EpilogueOperands(NetworkPlan net, Op op, ArenaTensor y) => op.Bias is not null
            ? new[] { A(y), P(net, op.Bias), N }
            : new[] { A(y), N };

        /// <summary>The cuDNN batch-norm call of <paramref name="op"/> (spatial mode, the layer's eps and momentum).</summary>
        private static LibraryCall BatchNorm(BatchNormWork work, Op op)
        {
            var layer = op.Primary.Layer;
            int channels = op.Input[0];
            return LibraryCall.BatchNorm(work, channels, op.InputSize / channels, layer.Eps, layer.Momentum);
        }

        // Every batch norm layer is affine (BatchNormAttribute has no affine switch), so cuDNN's scale and bias are its own.
        private static StoredTensor AffineWeight(Op op) => op.Weight ?? throw new System.InvalidOperationException($"{op.Description}: batch norm without a weight");
        private static StoredTensor AffineBias(Op op) => op.Bias ?? throw new System.InvalidOperationException($"{op.Description}: batch norm without a bias");

        /// <summary>The kernel of the activation fused into a batch norm, which the device applies in place to cuDNN's output (none: no launch).</summary>
        private static DeviceKernel? FusedActivation(NetworkPlan net, Op op, string comment) =>
            op.Activation == Activation.None ? null : DeviceKernels.Activation(net, op, comment);

        private static bool Bilinear(Op op) => op.Primary.Layer.UpsampleMode == UpsampleMode.Bilinear;

        private static long MatmulFlops(Op op)
        {
            var layer = op.Primary.Layer;
            switch (op.Kind)
            {
                case OpKind.Linear: return 2L * op.InputSize * op.OutputSize;
                case OpKind.Conv2d: return 2L * op.Output[0] * op.Output[1] * op.Output[2] * op.Input[0] * layer.Kernel * layer.Kernel;
                case OpKind.ConvTranspose2d: return 2L * op.Input[0] * op.Input[1] * op.Input[2] * op.Output[0] * layer.Kernel * layer.Kernel;
                default: return 0;
            }
        }

        /// <summary>
        /// Each random call site of the step draws from its own Philox stream; the state's counter
        /// moves on every step, so no two draws of a run share numbers. 100 and up: the trainer's own
        /// streams (shuffles, latents) are below.
        /// </summary>
        private int NextRandomStream() => 100 + _randomStreams++;

        /// <summary>Where batch norm's affine gradients go when the pass adds no parameter gradients (Recipes makes it).</summary>
        private ScratchTensor Sink => _scratch.Find(t => t.Name == "sink")!;

        /// <summary>A batch-independent scratch tensor of <paramref name="size"/> floats that the CPU step uses too, after those already made.</summary>
        private ScratchTensor Scratch(string name, long size)
        {
            var tensor = new ScratchTensor(name, size, ScratchLayout.NextShared(_scratch));
            _scratch.Add(tensor);
            return tensor;
        }

        /// <summary>Scratch of <paramref name="size"/> floats only device programs use; ScratchLayout places it once every program is built.</summary>
        public ScratchTensor DeviceScratch(string name, long size)
        {
            var tensor = new ScratchTensor(name, size, -1, deviceOnly: true);
            _scratch.Add(tensor);
            return tensor;
        }

        /// <summary>The bias gradient's two launches (DeviceKernels.BiasGradient) on <paramref name="statement"/>, its partial sums in scratch of their own.</summary>
        private void BiasGradient(Statement statement, Pass pass, Op op, ArenaTensor dy, string comment)
        {
            var net = pass.Network;
            var split = DeviceKernels.BiasGradient(net, op, comment);
            var partials = DeviceScratch($"{pass.Name}_{op.Primary.Layer.Index}_bias_partials", split.ScratchFloats);
            statement.Launch(split.Partials, A(dy), Operand.Of(partials), N)
                .Launch(split.Combine, Operand.Of(partials), G(net, op.Bias), N);
        }

        /// <summary>Groups the statements from <paramref name="first"/> on as one layer's, under <paramref name="heading"/>.</summary>
        private void MarkLayer(int first, string layer, string heading)
        {
            for (int i = first; i < _phase!.Statements.Count; i++)
            {
                _phase.Statements[i].Layer = layer;
                _phase.Statements[i].Heading = heading;
            }
        }

        /// <summary>A forward pass of <paramref name="net"/> from <paramref name="input"/>; the last op writes <paramref name="output"/> when given.</summary>
        public Pass Forward(string name, NetworkPlan net, ArenaTensor input, bool training, ArenaTensor? output = null)
        {
            var pass = new Pass(name, net, input, training);
            var x = input;
            for (int k = 0; k < net.Ops.Count; k++)
            {
                var op = net.Ops[k];
                var y = k == net.Ops.Count - 1 && output is not null
                    ? output
                    : Tensor($"{name}_{op.OutputLayer}", op.OutputSize, $"{net.Prefix}.{op.OutputLayer} output {ShapeText.Of(op.Output)}");
                string comment = $"{op.Description}: {ShapeText.Of(op.Input)} -> {ShapeText.Of(op.Output)}";
                int first = _phase!.Statements.Count;
                ForwardOf(pass, op, x, y, comment);
                MarkLayer(first, $"{name}/{k}/forward", comment);
                pass.Outputs.Add(y);
                x = y;
            }
            return pass;
        }

        /// <summary>The statements of one op's forward, from <paramref name="x"/> to <paramref name="y"/>.</summary>
        private void ForwardOf(Pass pass, Op op, ArenaTensor x, ArenaTensor y, string comment)
        {
            var net = pass.Network;
            switch (op.Kind)
            {
                case OpKind.Linear: LinearForward(net, op, x, y, comment); break;
                case OpKind.Conv2d:
                case OpKind.ConvTranspose2d: ConvolutionForward(net, op, x, y, comment); break;
                case OpKind.BatchNorm:
                    if (pass.Training) BatchNormTraining(pass, op, x, y, comment);
                    else BatchNormInference(net, op, x, y, comment);
                    break;
                case OpKind.Upsample: UpsampleForward(net, op, x, y, comment); break;
                case OpKind.Dropout:
                    if (pass.Training) DropoutTraining(pass, op, x, y, comment);
                    else Identity(net, op, x, y, comment + " (eval: the identity)", "dropout_eval_identity");
                    break;
                case OpKind.GaussianNoise:
                    if (pass.Training) NoiseTraining(net, op, x, y, comment);
                    else Identity(net, op, x, y, comment + " (eval: the identity)", "noise_eval_identity");
                    break;
                default: ActivationForward(net, op, x, y, comment); break;
            }
        }

        private void LinearForward(NetworkPlan net, Op op, ArenaTensor x, ArenaTensor y, string comment) =>
            Emit(comment, OpCode.LinearForward, MatmulFlops(op),
                    ("x", A(x)), ("weight", P(net, op.Weight)), ("bias", P(net, op.Bias)), ("y", A(y)),
                    ("n", N), ("in", Size(op.InputSize)), ("out", Size(op.OutputSize)), ("activation", Act(op)))
                .Call(LibraryCall.Gemm(LinearProduct.Forward, op.InputSize, op.OutputSize), ("A", A(x)), ("B", P(net, op.Weight)), ("C", A(y)))
                .Launch(DeviceKernels.Epilogue(net, op, comment), EpilogueOperands(net, op, y));

        private void ConvolutionForward(NetworkPlan net, Op op, ArenaTensor x, ArenaTensor y, string comment)
        {
            var shape = ConvolutionShape.For(op);
            Emit(comment, shape.Transposed ? OpCode.ConvTranspose2dForward : OpCode.Conv2dForward, MatmulFlops(op),
                    ("geometry", OpAttribute.Of(shape)), ("x", A(x)), ("weight", P(net, op.Weight)), ("bias", P(net, op.Bias)), ("y", A(y)), ("activation", Act(op)))
                .Call(LibraryCall.Convolve(shape, ConvolutionWork.Forward), (shape.InputSide, A(x)), ("filter", P(net, op.Weight)), (shape.OutputSide, A(y)))
                .Launch(DeviceKernels.Epilogue(net, op, comment), EpilogueOperands(net, op, y));
        }

        /// <summary>Batch norm on the batch's statistics, saved for the backward; on the device cuDNN's, then the fused activation in place.</summary>
        private void BatchNormTraining(Pass pass, Op op, ArenaTensor x, ArenaTensor y, string comment)
        {
            var net = pass.Network;
            var l = op.Primary.Layer;
            int channels = op.Input[0];
            long spatial = op.InputSize / channels;
            var mean = Scratch($"{pass.Name}_{l.Index}_mean", channels);
            var invStd = Scratch($"{pass.Name}_{l.Index}_invstd", channels);
            pass.Saved[op] = (mean, invStd);
            Emit(comment + " (batch statistics)", OpCode.BatchNormForwardTraining, 0,
                    ("x", A(x)), ("weight", P(net, op.Weight)), ("bias", P(net, op.Bias)),
                    ("running_mean", S(net, op.RunningMean)), ("running_var", S(net, op.RunningVar)),
                    ("y", A(y)), ("save_mean", Operand.Of(mean)), ("save_invstd", Operand.Of(invStd)),
                    ("n", N), ("channels", Size(channels)), ("spatial", Size(spatial)),
                    ("eps", OpAttribute.Float(l.Eps)), ("momentum", OpAttribute.Float(l.Momentum)), ("activation", Act(op)))
                .Call(BatchNorm(BatchNormWork.ForwardTraining, op),
                    ("x", A(x)), ("y", A(y)), ("scale", P(net, AffineWeight(op))), ("bias", P(net, AffineBias(op))),
                    ("running_mean", S(net, op.RunningMean)), ("running_var", S(net, op.RunningVar)),
                    ("save_mean", Operand.Of(mean)), ("save_invstd", Operand.Of(invStd)))
                .Launch(FusedActivation(net, op, comment + " (activation)"), A(y), A(y), N);
        }

        /// <summary>Batch norm on the running statistics (an eval pass).</summary>
        private void BatchNormInference(NetworkPlan net, Op op, ArenaTensor x, ArenaTensor y, string comment)
        {
            var l = op.Primary.Layer;
            int channels = op.Input[0];
            long spatial = op.InputSize / channels;
            Emit(comment + " (running statistics)", OpCode.BatchNormForwardInference, 0,
                    ("x", A(x)), ("weight", P(net, op.Weight)), ("bias", P(net, op.Bias)),
                    ("running_mean", S(net, op.RunningMean)), ("running_var", S(net, op.RunningVar)),
                    ("y", A(y)), ("n", N), ("channels", Size(channels)), ("spatial", Size(spatial)), ("eps", OpAttribute.Float(l.Eps)), ("activation", Act(op)))
                .Call(BatchNorm(BatchNormWork.ForwardInference, op),
                    ("x", A(x)), ("y", A(y)), ("scale", P(net, AffineWeight(op))), ("bias", P(net, AffineBias(op))),
                    ("running_mean", S(net, op.RunningMean)), ("running_var", S(net, op.RunningVar)))
                .Launch(FusedActivation(net, op, comment + " (activation)"), A(y), A(y), N);
        }

        private void UpsampleForward(NetworkPlan net, Op op, ArenaTensor x, ArenaTensor y, string comment) =>
            Emit(comment, Bilinear(op) ? OpCode.UpsampleBilinear2x : OpCode.UpsampleNearest2x, 0,
                    ("x", A(x)), ("y", A(y)), ("n", N), ("channels", Size(op.Input[0])), ("height", Size(op.Input[1])), ("width", Size(op.Input[2])))
                .Launch(DeviceKernels.Upsample(net, op, Bilinear(op), backward: false, comment), A(x), A(y), N);

        /// <summary>Dropout at the run's rate, drawing its mask from its own Philox stream and keeping it for the backward.</summary>
        private void DropoutTraining(Pass pass, Op op, ArenaTensor x, ArenaTensor y, string comment)
        {
            var net = pass.Network;
            var mask = Tensor($"{pass.Name}_{op.OutputLayer}_mask", op.OutputSize, $"{net.Prefix}.{op.OutputLayer} dropout mask (0 or 1 / (1 - rate))");
            pass.Masks[op] = mask;
            int stream = NextRandomStream();
            Emit(comment + " (training: the run's dropout rate)", OpCode.DropoutForward, 0,
                    ("x", A(x)), ("y", A(y)), ("mask", A(mask)), ("count", Count(op.OutputSize)), ("rate", OpAttribute.State("DropoutRate")),
                    ("seed", OpAttribute.State("Seed")), ("stream", OpAttribute.Stream(stream)), ("counter", OpAttribute.State("RandomCounter")))
                .Launch(DeviceKernels.Dropout(net, op, stream, comment + " (training)"), A(x), A(y), A(mask),
                    Operand.Value("DropoutRate"), Operand.Value("Seed"), Operand.Counter("Step"), N);
        }

        /// <summary>Gaussian noise of the run's sigma, from its own Philox stream.</summary>
        private void NoiseTraining(NetworkPlan net, Op op, ArenaTensor x, ArenaTensor y, string comment)
        {
            int stream = NextRandomStream();
            Emit(comment + " (training: the run's input-noise sigma)", OpCode.AddGaussianNoise, 0,
                    ("x", A(x)), ("y", A(y)), ("count", Count(op.OutputSize)), ("sigma", OpAttribute.State("InputNoise")),
                    ("seed", OpAttribute.State("Seed")), ("stream", OpAttribute.Stream(stream)), ("counter", OpAttribute.State("RandomCounter")))
                .Launch(DeviceKernels.GaussianNoise(net, op, stream, comment + " (training)"), A(x), A(y),
                    Operand.Value("InputNoise"), Operand.Value("Seed"), Operand.Counter("Step"), N);
        }

        /// <summary>A copy of <paramref name="x"/> to <paramref name="y"/>: an op that is the identity here, or a gradient it passes through.</summary>
        private void Identity(NetworkPlan net, Op op, ArenaTensor x, ArenaTensor y, string comment, string kernel) =>
            Emit(comment, OpCode.Copy, 0, ("x", A(x)), ("y", A(y)), ("count", Count(op.OutputSize)))
                .Launch(DeviceKernels.Copy(net, op.OutputLayer, kernel, op.OutputSize, comment), A(x), A(y), N);

        private void ActivationForward(NetworkPlan net, Op op, ArenaTensor x, ArenaTensor y, string comment) =>
            Emit(comment, OpCode.ActivationForward, 0, ("x", A(x)), ("y", A(y)), ("count", Count(op.OutputSize)), ("activation", Act(op)))
                .Launch(DeviceKernels.Activation(net, op, comment), A(x), A(y), N);

        /// <summary>
        /// One op's place in a backward pass: its input x and output y, the gradient dy arriving at its output and dx (null:
        /// none wanted) leaving its input; whether the loss already took the gradient past its activation.
        /// </summary>
        private sealed class BackwardLayer
        {
            public BackwardLayer(Pass pass, Op op, ArenaTensor x, ArenaTensor y, ArenaTensor dy, ArenaTensor? dx, bool parameterGradients, bool activationDone, string comment)
            {
                Pass = pass;
                Op = op;
                X = x;
                Y = y;
                Dy = dy;
                Dx = dx;
                ParameterGradients = parameterGradients;
                ActivationDone = activationDone;
                Comment = comment;
            }

            public Pass Pass { get; }
            public NetworkPlan Net => Pass.Network;
            public Op Op { get; }
            public ArenaTensor X { get; }
            public ArenaTensor Y { get; }
            public ArenaTensor Dy { get; }
            public ArenaTensor? Dx { get; }
            public bool ParameterGradients { get; }
            public bool ActivationDone { get; }
            public string Comment { get; }
        }

        /// <summary>
        /// The backward pass of <paramref name="pass"/>, starting from <paramref name="outputGradient"/> (the gradient
        /// wrt the pre-activation of the last op when <paramref name="lossGaveLogitGradient"/>). Parameter gradients
        /// accumulate into the network's gradient buffer when <paramref name="parameterGradients"/>; the input gradient
        /// is written to <paramref name="inputGradient"/> when given.
        /// </summary>
        public void Backward(Pass pass, ArenaTensor outputGradient, bool lossGaveLogitGradient, bool parameterGradients, ArenaTensor? inputGradient)
        {
            var net = pass.Network;
            var dy = outputGradient;
            for (int k = net.Ops.Count - 1; k >= 0; k--)
            {
                var op = net.Ops[k];
                ArenaTensor? dx = k > 0
                    ? Tensor($"{pass.Name}_{net.Ops[k - 1].OutputLayer}_grad", op.InputSize, $"gradient wrt {net.Prefix}.{net.Ops[k - 1].OutputLayer} output")
                    : inputGradient;
                var layer = new BackwardLayer(pass, op, x: k == 0 ? pass.Input : pass.Outputs[k - 1], y: pass.Outputs[k], dy, dx, parameterGradients,
                    activationDone: k == net.Ops.Count - 1 && lossGaveLogitGradient, comment: $"{op.Description} backward");
                int first = _phase!.Statements.Count;
                BackwardOf(layer);
                MarkLayer(first, $"{pass.Name}/{k}/backward", layer.Comment);
                // The loss kernel's gradient is wrt the pre-activation output: say so where the activation's backward would be.
                if (layer.ActivationDone && op.Activation != Activation.None && op.Kind != OpKind.Activation && _phase.Statements.Count > first)
                    _phase.Statements[first].Notes.Add($"no {op.Activation} backward: the loss gave its gradient wrt the {op.Activation}'s input (D's logits)");
                if (dx is null) break;
                dy = dx;
            }
        }

        /// <summary>The statements of one op's backward: its fused activation's first (unless the loss did it), then the op's own.</summary>
        private void BackwardOf(BackwardLayer l)
        {
            var op = l.Op;
            if (op.Activation != Activation.None && !l.ActivationDone && op.Kind != OpKind.Activation)
                Emit(l.Comment + " (activation)", OpCode.ActivationBackward, 0, ("y", A(l.Y)), ("dy", A(l.Dy)), ("dx", A(l.Dy)), ("count", Count(op.OutputSize)), ("activation", Act(op)))
                    .Launch(DeviceKernels.ActivationBackward(l.Net, op, l.Comment + " (activation)"), A(l.Y), A(l.Dy), A(l.Dy), N);
            switch (op.Kind)
            {
                case OpKind.Linear: LinearBackward(l); break;
                case OpKind.Conv2d:
                case OpKind.ConvTranspose2d: ConvolutionBackward(l); break;
                case OpKind.BatchNorm: BatchNormBackward(l); break;
                case OpKind.Upsample: if (l.Dx is not null) UpsampleBackward(l, l.Dx); break;
                case OpKind.Dropout: if (l.Dx is not null) DropoutBackward(l, l.Dx); break;
                case OpKind.GaussianNoise:
                    if (l.Dx is not null) Identity(l.Net, op, l.Dy, l.Dx, l.Comment + " (added noise passes the gradient through)", "noise_backward_copy");
                    break;
                default:
                    if (l.Dx is not null && l.ActivationDone)
                        Identity(l.Net, op, l.Dy, l.Dx, l.Comment + " (the loss gave the gradient past it)", "loss_gradient_copy");
                    else if (l.Dx is not null)
                        ActivationBackward(l, l.Dx);
                    break;
            }
        }

        private void LinearBackward(BackwardLayer l)
        {
            var (net, op) = (l.Net, l.Op);
            long flops = MatmulFlops(op);
            var linear = Emit(l.Comment, OpCode.LinearBackward, (l.Dx is null ? 0 : flops) + (l.ParameterGradients ? flops : 0),
                ("x", A(l.X)), ("weight", P(net, op.Weight)), ("dy", A(l.Dy)), ("dx", A(l.Dx)),
                ("dweight", l.ParameterGradients ? G(net, op.Weight) : Operand.Null), ("dbias", l.ParameterGradients ? G(net, op.Bias) : Operand.Null),
                ("n", N), ("in", Size(op.InputSize)), ("out", Size(op.OutputSize)));
            if (l.Dx is not null)
                linear.Call(LibraryCall.Gemm(LinearProduct.BackwardData, op.InputSize, op.OutputSize), ("A", A(l.Dy)), ("B", P(net, op.Weight)), ("C", A(l.Dx)));
            if (l.ParameterGradients)
                linear.Call(LibraryCall.Gemm(LinearProduct.BackwardWeight, op.InputSize, op.OutputSize), ("A", A(l.Dy)), ("B", A(l.X)), ("C", G(net, op.Weight)));
            if (l.ParameterGradients && op.Bias is not null)
                BiasGradient(linear, l.Pass, op, l.Dy, l.Comment + " (bias gradient)");
        }

        private void ConvolutionBackward(BackwardLayer l)
        {
            var (net, op) = (l.Net, l.Op);
            var shape = ConvolutionShape.For(op);
            long flops = MatmulFlops(op);
            if (l.ParameterGradients)
            {
                // cuDNN's backward-filter takes the image side and the feature side of the op's input and output gradient.
                var (image, feature) = shape.Sides(A(l.X), A(l.Dy));
                Emit(l.Comment + " (weight gradient)", shape.Transposed ? OpCode.ConvTranspose2dBackwardFilter : OpCode.Conv2dBackwardFilter, flops,
                        ("geometry", OpAttribute.Of(shape)), ("x", A(l.X)), ("dy", A(l.Dy)), ("dweight", G(net, op.Weight)))
                    .Call(LibraryCall.Convolve(shape, ConvolutionWork.WeightGradient), ("image", image), ("feature", feature), ("filter", G(net, op.Weight)));
                if (op.Bias is not null)
                    BiasGradient(Emit(l.Comment + " (bias gradient)", OpCode.BiasBackward, 0,
                            ("dy", A(l.Dy)), ("dbias", G(net, op.Bias)), ("n", N), ("channels", Size(op.Output[0])), ("spatial", Size(op.Output[1] * op.Output[2]))),
                        l.Pass, op, l.Dy, l.Comment + " (bias gradient)");
            }
            if (l.Dx is not null)
                Emit(l.Comment + " (input gradient)", shape.Transposed ? OpCode.ConvTranspose2dBackwardData : OpCode.Conv2dBackwardData, flops,
                        ("geometry", OpAttribute.Of(shape)), ("dy", A(l.Dy)), ("weight", P(net, op.Weight)), ("dx", A(l.Dx)))
                    .Call(LibraryCall.Convolve(shape, ConvolutionWork.InputGradient), (shape.OutputSide, A(l.Dy)), ("filter", P(net, op.Weight)), (shape.InputSide, A(l.Dx)));
        }

        private void BatchNormBackward(BackwardLayer l)
        {
            var (net, op) = (l.Net, l.Op);
            int channels = op.Input[0];
            long spatial = op.InputSize / channels;
            var saved = l.Pass.Saved[op];
            // Without parameter gradients the affine gradients go to a scratch sink, so the
            // network's gradient buffer holds exactly what its own optimizer step used.
            var dweight = l.ParameterGradients ? G(net, AffineWeight(op)) : Operand.Of(Sink);
            var dbias = l.ParameterGradients ? G(net, AffineBias(op)) : Operand.Of(Sink, (channels + 15) / 16 * 16);
            // cuDNN always writes an input gradient: where none is wanted it goes to a tensor of its own that nothing reads.
            var deviceDx = l.Dx ?? Tensor($"{l.Pass.Name}_{op.Primary.Layer.Index}_unused_grad", op.InputSize,
                $"{net.Prefix}.{op.Primary.Layer.Index} input gradient cuDNN writes and nothing reads");
            Emit(l.Comment, OpCode.BatchNormBackward, 0,
                    ("x", A(l.X)), ("dy", A(l.Dy)), ("weight", P(net, op.Weight)), ("save_mean", Operand.Of(saved.Mean)), ("save_invstd", Operand.Of(saved.InvStd)),
                    ("dx", A(l.Dx)), ("dweight", dweight), ("dbias", dbias), ("n", N), ("channels", Size(channels)), ("spatial", Size(spatial)))
                .Call(BatchNorm(BatchNormWork.Backward, op),
                    ("x", A(l.X)), ("dy", A(l.Dy)), ("scale", P(net, AffineWeight(op))), ("save_mean", Operand.Of(saved.Mean)), ("save_invstd", Operand.Of(saved.InvStd)),
                    ("dx", A(deviceDx)), ("dscale", dweight), ("dbias", dbias));
        }

        private void UpsampleBackward(BackwardLayer l, ArenaTensor dx) =>
            Emit(l.Comment, Bilinear(l.Op) ? OpCode.UpsampleBilinear2xBackward : OpCode.UpsampleNearest2xBackward, 0,
                    ("dy", A(l.Dy)), ("dx", A(dx)), ("n", N), ("channels", Size(l.Op.Input[0])), ("height", Size(l.Op.Input[1])), ("width", Size(l.Op.Input[2])))
                .Launch(DeviceKernels.Upsample(l.Net, l.Op, Bilinear(l.Op), backward: true, l.Comment), A(l.Dy), A(dx), N);

        private void DropoutBackward(BackwardLayer l, ArenaTensor dx)
        {
            var mask = l.Pass.Masks[l.Op];
            Emit(l.Comment, OpCode.DropoutBackward, 0, ("dy", A(l.Dy)), ("mask", A(mask)), ("dx", A(dx)), ("count", Count(l.Op.OutputSize)))
                .Launch(DeviceKernels.DropoutBackward(l.Net, l.Op, l.Comment), A(l.Dy), A(mask), A(dx), N);
        }

        private void ActivationBackward(BackwardLayer l, ArenaTensor dx) =>
            Emit(l.Comment, OpCode.ActivationBackward, 0, ("y", A(l.Y)), ("dy", A(l.Dy)), ("dx", A(dx)), ("count", Count(l.Op.OutputSize)), ("activation", Act(l.Op)))
                .Launch(DeviceKernels.ActivationBackward(l.Net, l.Op, l.Comment), A(l.Y), A(l.Dy), A(dx), N);
    }
}
