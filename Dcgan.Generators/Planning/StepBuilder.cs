using System.Collections.Generic;
using System.Globalization;
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
    /// Writes the kernel calls of forward passes, backward passes, losses and Adam updates as
    /// statements, creating the arena tensors they use. Offsets are symbolic constants
    /// (<c>A_name * n</c>) that the memory planner fills in afterwards.
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

        public Statement Emit(string comment, string code, long flopsPerSample, params ArenaTensor?[] uses)
        {
            var statement = new Statement(comment, code) { FlopsPerSample = flopsPerSample };
            foreach (var tensor in uses)
                if (tensor is not null) statement.Uses.Add(tensor);
            _phase!.Statements.Add(statement);
            return statement;
        }

        public static string At(ArenaTensor? tensor) => tensor is null ? "null" : $"a + {tensor.Constant} * n";

        // The generated method's locals: gp/dp/cp point at G's, D's or a classifier's parameters, and so on.
        private static string Params(NetworkPlan net) => net.Prefix.ToLowerInvariant() + "p";
        private static string Grads(NetworkPlan net) => net.Prefix.ToLowerInvariant() + "g";
        private static string Stats(NetworkPlan net) => net.Prefix.ToLowerInvariant() + "s";
        private static string In(string buffer, StoredTensor? tensor) => tensor is null ? "null" : $"{buffer} + {tensor.Constant}";

        public static string Float(double value)
        {
            string text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
            if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0) text += ".0";
            return text + "f";
        }

        private static string Act(Op op) => $"Activation.{op.Activation}, {Float(op.Slope)}";

        private static string Geometry(Op op)
        {
            // ConvGeometry is written in the Conv2d direction: image side first, feature side second.
            var layer = op.Primary.Layer;
            var image = op.Kind == OpKind.Conv2d ? op.Input : op.Output;
            var feature = op.Kind == OpKind.Conv2d ? op.Output : op.Input;
            return $"new(n, {image[0]}, {image[1]}, {image[2]}, {feature[0]}, {feature[1]}, {feature[2]}, {layer.Kernel}, {layer.Kernel}, {layer.Stride}, {layer.Padding})";
        }

        // The device program's operands (DeviceOperands), named as the kernels' C parameters or the library calls' roles.
        private static string Ar(string name, ArenaTensor tensor) => DeviceOperands.Arena(name, tensor);
        private static string Pa(string name, NetworkPlan net, StoredTensor tensor) => DeviceOperands.Parameters(name, net, tensor);
        private static string N => DeviceOperands.Batch;

        /// <summary>The operands of a forward epilogue: y in place, the bias where the layer has one.</summary>
        private static string[] EpilogueOperands(NetworkPlan net, Op op, ArenaTensor y) => op.Bias is not null
            ? new[] { Ar("y", y), Pa("bias", net, op.Bias), N }
            : new[] { Ar("y", y), N };

        /// <summary>The DeviceOp factory call of a convolution up to its comment: the geometry with the batch left for the run.</summary>
        private static string Convolution(Op op, string work)
        {
            var layer = op.Primary.Layer;
            var image = op.Kind == OpKind.Conv2d ? op.Input : op.Output;
            var feature = op.Kind == OpKind.Conv2d ? op.Output : op.Input;
            return $"DeviceOp.Convolution(new(0, {image[0]}, {image[1]}, {image[2]}, {feature[0]}, {feature[1]}, {feature[2]}, {layer.Kernel}, {layer.Kernel}, {layer.Stride}, {layer.Padding}), " +
                $"{(op.Kind == OpKind.ConvTranspose2d ? "true" : "false")}, ConvolutionWork.{work}";
        }

        private static string Gemm(string product, Op op) => $"DeviceOp.LinearGemm(LinearProduct.{product}, {op.InputSize}, {op.OutputSize}";

        /// <summary>The cuDNN batch-norm call of <paramref name="op"/> (spatial mode, the layer's eps and momentum), up to its comment.</summary>
        private static string BatchNorm(string work, Op op)
        {
            var layer = op.Primary.Layer;
            int channels = op.Input[0];
            return $"DeviceOp.BatchNorm(BatchNormWork.{work}, {channels}, {op.InputSize / channels}, {Float(layer.Eps)}, {Float(layer.Momentum)}";
        }

        // Every batch norm layer is affine (BatchNormAttribute has no affine switch), so cuDNN's scale and bias are its own.
        private static StoredTensor AffineWeight(Op op) => op.Weight ?? throw new System.InvalidOperationException($"{op.Description}: batch norm without a weight");
        private static StoredTensor AffineBias(Op op) => op.Bias ?? throw new System.InvalidOperationException($"{op.Description}: batch norm without a bias");

        /// <summary>The kernel of the activation fused into a batch norm, which the device applies in place to cuDNN's output (none: no launch).</summary>
        private static DeviceKernel? FusedActivation(NetworkPlan net, Op op, string comment) =>
            op.Activation == Activation.None ? null : DeviceKernels.Activation(net, op, comment);

        private static string[] Operands(params object[] parts)
        {
            var list = new List<string>();
            foreach (var part in parts)
                if (part is string one) list.Add(one);
                else list.AddRange((IEnumerable<string>)part);
            return list.ToArray();
        }

        private static string UpsampleKind(Op op) => op.Primary.Layer.UpsampleMode.ToString();

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
            statement.Launch(split.Partials, Ar("dy", dy), DeviceOperands.Scratch("partials", partials), N)
                .Launch(split.Combine, DeviceOperands.Scratch("partials", partials), DeviceOperands.Gradients("dbias", net, op.Bias!), N);
        }

        /// <summary>A forward pass of <paramref name="net"/> from <paramref name="input"/>; the last op writes <paramref name="output"/> when given.</summary>
        public Pass Forward(string name, NetworkPlan net, ArenaTensor input, bool training, ArenaTensor? output = null)
        {
            var pass = new Pass(name, net, input, training);
            string p = Params(net);
            var x = input;
            for (int k = 0; k < net.Ops.Count; k++)
            {
                var op = net.Ops[k];
                var y = k == net.Ops.Count - 1 && output is not null
                    ? output
                    : Tensor($"{name}_{op.OutputLayer}", op.OutputSize, $"{net.Prefix}.{op.OutputLayer} output {ShapeText.Of(op.Output)}");
                string comment = $"{op.Description}: {ShapeText.Of(op.Input)} -> {ShapeText.Of(op.Output)}";
                switch (op.Kind)
                {
                    case OpKind.Linear:
                        Emit(comment, $"K.LinearForward({At(x)}, {In(p, op.Weight)}, {In(p, op.Bias)}, {At(y)}, n, {op.InputSize}, {op.OutputSize}, {Act(op)});", MatmulFlops(op), x, y)
                            .Call(Gemm("Forward", op), Ar("A", x), Pa("B", net, op.Weight!), Ar("C", y))
                            .Launch(DeviceKernels.Epilogue(net, op, comment), EpilogueOperands(net, op, y));
                        break;
                    case OpKind.Conv2d:
                        Emit(comment, $"K.Conv2dForward({Geometry(op)}, {At(x)}, {In(p, op.Weight)}, {In(p, op.Bias)}, {At(y)}, {Act(op)});", MatmulFlops(op), x, y)
                            .Call(Convolution(op, "Forward"), Ar("image", x), Pa("filter", net, op.Weight!), Ar("feature", y))
                            .Launch(DeviceKernels.Epilogue(net, op, comment), EpilogueOperands(net, op, y));
                        break;
                    case OpKind.ConvTranspose2d:
                        Emit(comment, $"K.ConvTranspose2dForward({Geometry(op)}, {At(x)}, {In(p, op.Weight)}, {In(p, op.Bias)}, {At(y)}, {Act(op)});", MatmulFlops(op), x, y)
                            .Call(Convolution(op, "Forward"), Ar("feature", x), Pa("filter", net, op.Weight!), Ar("image", y))
                            .Launch(DeviceKernels.Epilogue(net, op, comment), EpilogueOperands(net, op, y));
                        break;
                    case OpKind.BatchNorm:
                    {
                        var l = op.Primary.Layer;
                        int channels = op.Input[0];
                        long spatial = op.InputSize / channels;
                        string s = Stats(net);
                        if (training)
                        {
                            var mean = Scratch($"{name}_{l.Index}_mean", channels);
                            var invStd = Scratch($"{name}_{l.Index}_invstd", channels);
                            pass.Saved[op] = (mean, invStd);
                            // On the device: cuDNN's batch norm, then the fused activation in place on its output.
                            Emit(comment + " (batch statistics)",
                                $"K.BatchNormForwardTraining({At(x)}, {In(p, op.Weight)}, {In(p, op.Bias)}, {In(s, op.RunningMean)}, {In(s, op.RunningVar)}, {At(y)}, sc + {mean.Constant}, sc + {invStd.Constant}, n, {channels}, {spatial}, {Float(l.Eps)}, {Float(l.Momentum)}, {Act(op)});",
                                0, x, y).Call(BatchNorm("ForwardTraining", op),
                                    Ar("x", x), Ar("y", y), Pa("scale", net, AffineWeight(op)), Pa("bias", net, AffineBias(op)),
                                    DeviceOperands.Statistics("running_mean", net, op.RunningMean!), DeviceOperands.Statistics("running_var", net, op.RunningVar!),
                                    DeviceOperands.Scratch("save_mean", mean), DeviceOperands.Scratch("save_invstd", invStd))
                                .Launch(FusedActivation(net, op, comment + " (activation)"), Ar("x", y), Ar("y", y), N);
                        }
                        else
                        {
                            Emit(comment + " (running statistics)",
                                $"K.BatchNormForwardInference({At(x)}, {In(p, op.Weight)}, {In(p, op.Bias)}, {In(s, op.RunningMean)}, {In(s, op.RunningVar)}, {At(y)}, n, {channels}, {spatial}, {Float(l.Eps)}, {Act(op)});",
                                0, x, y).Call(BatchNorm("ForwardInference", op),
                                    Ar("x", x), Ar("y", y), Pa("scale", net, AffineWeight(op)), Pa("bias", net, AffineBias(op)),
                                    DeviceOperands.Statistics("running_mean", net, op.RunningMean!), DeviceOperands.Statistics("running_var", net, op.RunningVar!))
                                .Launch(FusedActivation(net, op, comment + " (activation)"), Ar("x", y), Ar("y", y), N);
                        }
                        break;
                    }
                    case OpKind.Upsample:
                        Emit(comment, $"K.Upsample{UpsampleKind(op)}2x({At(x)}, {At(y)}, n, {op.Input[0]}, {op.Input[1]}, {op.Input[2]});", 0, x, y)
                            .Launch(DeviceKernels.Upsample(net, op, op.Primary.Layer.UpsampleMode == UpsampleMode.Bilinear, backward: false, comment), Ar("x", x), Ar("y", y), N);
                        break;
                    case OpKind.Dropout:
                        if (training)
                        {
                            var mask = Tensor($"{name}_{op.OutputLayer}_mask", op.OutputSize, $"{net.Prefix}.{op.OutputLayer} dropout mask (0 or 1 / (1 - rate))");
                            pass.Masks[op] = mask;
                            int stream = NextRandomStream();
                            Emit(comment + " (training: the run's dropout rate)",
                                $"K.DropoutForward({At(x)}, {At(y)}, {At(mask)}, (long){op.OutputSize} * n, s.DropoutRate, s.Seed, {stream}, s.RandomCounter);", 0, x, y, mask)
                                .Launch(DeviceKernels.Dropout(net, op, stream, comment + " (training)"), Ar("x", x), Ar("y", y), Ar("mask", mask),
                                    DeviceOperands.Value("rate", "DropoutRate"), DeviceOperands.Value("seed", "Seed"), DeviceOperands.Counter("step", "Step"), N);
                        }
                        else
                            Emit(comment + " (eval: the identity)", $"K.Copy({At(x)}, {At(y)}, (long){op.OutputSize} * n);", 0, x, y)
                                .Launch(DeviceKernels.Copy(net, op.OutputLayer, "dropout_eval_identity", op.OutputSize, comment + " (eval: the identity)"), Ar("x", x), Ar("y", y), N);
                        break;
                    case OpKind.GaussianNoise:
                        if (training)
                        {
                            int stream = NextRandomStream();
                            Emit(comment + " (training: the run's input-noise sigma)",
                                $"K.AddGaussianNoise({At(x)}, {At(y)}, (long){op.OutputSize} * n, s.InputNoise, s.Seed, {stream}, s.RandomCounter);", 0, x, y)
                                .Launch(DeviceKernels.GaussianNoise(net, op, stream, comment + " (training)"), Ar("x", x), Ar("y", y),
                                    DeviceOperands.Value("sigma", "InputNoise"), DeviceOperands.Value("seed", "Seed"), DeviceOperands.Counter("step", "Step"), N);
                        }
                        else
                            Emit(comment + " (eval: the identity)", $"K.Copy({At(x)}, {At(y)}, (long){op.OutputSize} * n);", 0, x, y)
                                .Launch(DeviceKernels.Copy(net, op.OutputLayer, "noise_eval_identity", op.OutputSize, comment + " (eval: the identity)"), Ar("x", x), Ar("y", y), N);
                        break;
                    default:
                        Emit(comment, $"K.ActivationForward({At(x)}, {At(y)}, (long){op.OutputSize} * n, {Act(op)});", 0, x, y)
                            .Launch(DeviceKernels.Activation(net, op, comment), Ar("x", x), Ar("y", y), N);
                        break;
                }
                pass.Outputs.Add(y);
                x = y;
            }
            return pass;
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
            string p = Params(net), g = Grads(net);
            var dy = outputGradient;
            for (int k = net.Ops.Count - 1; k >= 0; k--)
            {
                var op = net.Ops[k];
                var x = k == 0 ? pass.Input : pass.Outputs[k - 1];
                var y = pass.Outputs[k];
                ArenaTensor? dx = k > 0
                    ? Tensor($"{pass.Name}_{net.Ops[k - 1].OutputLayer}_grad", op.InputSize, $"gradient wrt {net.Prefix}.{net.Ops[k - 1].OutputLayer} output")
                    : inputGradient;
                string comment = $"{op.Description} backward";
                bool activationDone = k == net.Ops.Count - 1 && lossGaveLogitGradient;
                if (op.Activation != Activation.None && !activationDone && op.Kind != OpKind.Activation)
                    Emit(comment + " (activation)", $"K.ActivationBackward({At(y)}, {At(dy)}, {At(dy)}, (long){op.OutputSize} * n, {Act(op)});", 0, y, dy)
                        .Launch(DeviceKernels.ActivationBackward(net, op, comment + " (activation)"), Ar("y", y), Ar("dy", dy), Ar("dx", dy), N);
                long flops = MatmulFlops(op);
                switch (op.Kind)
                {
                    case OpKind.Linear:
                        var linear = Emit(comment, $"K.LinearBackward({At(x)}, {In(p, op.Weight)}, {At(dy)}, {At(dx)}, {(parameterGradients ? In(g, op.Weight) : "null")}, {(parameterGradients ? In(g, op.Bias) : "null")}, n, {op.InputSize}, {op.OutputSize});",
                            (dx is null ? 0 : flops) + (parameterGradients ? flops : 0), x, dy, dx);
                        if (dx is not null)
                            linear.Call(Gemm("BackwardData", op), Ar("A", dy), Pa("B", net, op.Weight!), Ar("C", dx));
                        if (parameterGradients)
                            linear.Call(Gemm("BackwardWeight", op), Ar("A", dy), Ar("B", x), DeviceOperands.Gradients("C", net, op.Weight!));
                        if (parameterGradients && op.Bias is not null)
                            BiasGradient(linear, pass, op, dy, comment + " (bias gradient)");
                        break;
                    case OpKind.Conv2d:
                    case OpKind.ConvTranspose2d:
                    {
                        string kind = op.Kind == OpKind.Conv2d ? "Conv2d" : "ConvTranspose2d";
                        if (parameterGradients)
                        {
                            // cuDNN's backward-filter takes the image side and the feature side: a ConvTranspose2d's output gradient is its image side.
                            bool transposed = op.Kind == OpKind.ConvTranspose2d;
                            Emit(comment + " (weight gradient)", $"K.{kind}BackwardFilter({Geometry(op)}, {At(x)}, {At(dy)}, {In(g, op.Weight)});", flops, x, dy)
                                .Call(Convolution(op, "WeightGradient"), Ar("image", transposed ? dy : x), Ar("feature", transposed ? x : dy), DeviceOperands.Gradients("filter", net, op.Weight!));
                            if (op.Bias is not null)
                                BiasGradient(Emit(comment + " (bias gradient)", $"K.BiasBackward({At(dy)}, {In(g, op.Bias)}, n, {op.Output[0]}, {op.Output[1] * op.Output[2]});", 0, dy),
                                    pass, op, dy, comment + " (bias gradient)");
                        }
                        if (dx is not null)
                            Emit(comment + " (input gradient)", $"K.{kind}BackwardData({Geometry(op)}, {At(dy)}, {In(p, op.Weight)}, {At(dx)});", flops, dy, dx)
                                .Call(Convolution(op, "InputGradient"), Ar(op.Kind == OpKind.Conv2d ? "feature" : "image", dy), Pa("filter", net, op.Weight!), Ar(op.Kind == OpKind.Conv2d ? "image" : "feature", dx));
                        break;
                    }
                    case OpKind.BatchNorm:
                    {
                        int channels = op.Input[0];
                        long spatial = op.InputSize / channels;
                        var saved = pass.Saved[op];
                        // Without parameter gradients the affine gradients go to a scratch sink, so the
                        // network's gradient buffer holds exactly what its own optimizer step used.
                        string gamma = parameterGradients ? In(g, op.Weight) : "sc + S_sink";
                        string beta = parameterGradients ? In(g, op.Bias) : $"sc + S_sink + {(channels + 15) / 16 * 16}";
                        // cuDNN always writes an input gradient: where none is wanted it goes to a tensor of its own that nothing reads.
                        var deviceDx = dx ?? Tensor($"{pass.Name}_{op.Primary.Layer.Index}_unused_grad", op.InputSize, $"{net.Prefix}.{op.Primary.Layer.Index} input gradient cuDNN writes and nothing reads");
                        Emit(comment, $"K.BatchNormBackward({At(x)}, {At(dy)}, {In(p, op.Weight)}, sc + {saved.Mean.Constant}, sc + {saved.InvStd.Constant}, {At(dx)}, {gamma}, {beta}, n, {channels}, {spatial});",
                            0, x, dy, deviceDx).Call(BatchNorm("Backward", op),
                                Ar("x", x), Ar("dy", dy), Pa("scale", net, AffineWeight(op)),
                                DeviceOperands.Scratch("save_mean", saved.Mean), DeviceOperands.Scratch("save_invstd", saved.InvStd), Ar("dx", deviceDx),
                                parameterGradients ? DeviceOperands.Gradients("dscale", net, AffineWeight(op)) : DeviceOperands.Scratch("dscale", Sink),
                                parameterGradients ? DeviceOperands.Gradients("dbias", net, AffineBias(op)) : DeviceOperands.Scratch("dbias", Sink, (channels + 15) / 16 * 16));
                        break;
                    }
                    case OpKind.Upsample:
                        if (dx is not null)
                            Emit(comment, $"K.Upsample{UpsampleKind(op)}2xBackward({At(dy)}, {At(dx)}, n, {op.Input[0]}, {op.Input[1]}, {op.Input[2]});", 0, dy, dx)
                                .Launch(DeviceKernels.Upsample(net, op, op.Primary.Layer.UpsampleMode == UpsampleMode.Bilinear, backward: true, comment), Ar("dy", dy), Ar("dx", dx), N);
                        break;
                    case OpKind.Dropout:
                        if (dx is not null)
                        {
                            var mask = pass.Masks[op];
                            Emit(comment, $"K.DropoutBackward({At(dy)}, {At(mask)}, {At(dx)}, (long){op.OutputSize} * n);", 0, dy, mask, dx)
                                .Launch(DeviceKernels.DropoutBackward(net, op, comment), Ar("dy", dy), Ar("mask", mask), Ar("dx", dx), N);
                        }
                        break;
                    case OpKind.GaussianNoise:
                        if (dx is not null)
                            Emit(comment + " (added noise passes the gradient through)", $"K.Copy({At(dy)}, {At(dx)}, (long){op.OutputSize} * n);", 0, dy, dx)
                                .Launch(DeviceKernels.Copy(net, op.OutputLayer, "noise_backward_copy", op.OutputSize, comment + " (added noise passes the gradient through)"), Ar("x", dy), Ar("y", dx), N);
                        break;
                    default:
                        if (dx is not null && activationDone)
                            Emit(comment + " (the loss gave the gradient past it)", $"K.Copy({At(dy)}, {At(dx)}, (long){op.OutputSize} * n);", 0, dy, dx)
                                .Launch(DeviceKernels.Copy(net, op.OutputLayer, "loss_gradient_copy", op.OutputSize, comment + " (the loss gave the gradient past it)"), Ar("x", dy), Ar("y", dx), N);
                        else if (dx is not null)
                            Emit(comment, $"K.ActivationBackward({At(y)}, {At(dy)}, {At(dx)}, (long){op.OutputSize} * n, {Act(op)});", 0, y, dy, dx)
                                .Launch(DeviceKernels.ActivationBackward(net, op, comment), Ar("y", y), Ar("dy", dy), Ar("dx", dx!), N);
                        break;
                }
                if (dx is null) break;
                dy = dx;
            }
        }
    }
}
