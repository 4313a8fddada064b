using Dcgan.Runtime;
using ActivationKind = Dcgan.Runtime.Activation;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// What each statement of the step launches on the GPU beside cuBLAS and cuDNN: one factory per kernel kind,
    /// each writing the entry point's parameters, its call into the CUDA prelude (Dcgan.Generators/Cuda/*.cuh) with
    /// the statement's sizes as constants, and the table row's constants. The batch n stays a parameter: a state
    /// chooses it at run time, and every count below is per sample times n.
    /// </summary>
    internal static class DeviceKernels
    {
        // Shared by the entry points of the step's own kernels (not a layer's).
        private static CParameter Counter => new CParameter(KernelParameterType.CounterPointer, "counter");
        private static CParameter Seed => new CParameter(KernelParameterType.UInt64, "seed");
        private static CParameter Step => new CParameter(KernelParameterType.CounterPointer, "step", isConst: true);

        /// <summary>The bias and activation applied to a Linear's or convolution's output; null when it has neither.</summary>
        public static DeviceKernel? Epilogue(NetworkPlan net, Op op, string comment)
        {
            bool bias = op.Bias is not null;
            if (!bias && op.Activation == ActivationKind.None) return null;
            int channels = op.Output[0];
            long spatial = op.OutputSize / channels;
            string what = bias ? (op.Activation == ActivationKind.None ? "bias" : "bias_" + Snake(op.Activation)) : Snake(op.Activation);
            var k = ForLayer(net, op.Primary.Layer.Index, what, "BiasActivation", "Elementwise", comment);
            k.Parameters.Add(CParameter.Out("y"));
            if (bias) k.Parameters.Add(CParameter.In("bias"));
            k.Parameters.Add(CParameter.Batch);
            k.Body = $"bias_activation<{Macro(op.Activation)}>(y, {(bias ? "bias" : "nullptr")}, {Count(op.OutputSize)}, {channels}, {spatial}, {F(op.Slope)});";
            k.ElementsPerSample = op.OutputSize;
            AddActivation(k, op);
            AddChannels(k, channels, spatial);
            return k;
        }

        /// <summary>An activation that is a kernel of its own (nothing before it to fuse into).</summary>
        public static DeviceKernel Activation(NetworkPlan net, Op op, string comment)
        {
            var k = ForLayer(net, op.OutputLayer, Snake(op.Activation), "ActivationForward", "Elementwise", comment);
            k.Parameters.AddRange(new[] { CParameter.In("x"), CParameter.Out("y"), CParameter.Batch });
            k.Body = $"activation_forward<{Macro(op.Activation)}>(x, y, {Count(op.OutputSize)}, {F(op.Slope)});";
            k.ElementsPerSample = op.OutputSize;
            AddActivation(k, op);
            return k;
        }

        /// <summary>The activation's derivative from the stored output (dx may be dy).</summary>
        public static DeviceKernel ActivationBackward(NetworkPlan net, Op op, string comment)
        {
            var k = ForLayer(net, op.OutputLayer, Snake(op.Activation) + "_backward", "ActivationBackward", "Elementwise", comment);
            k.Parameters.AddRange(new[] { CParameter.In("y"), CParameter.In("dy"), CParameter.Out("dx"), CParameter.Batch });
            k.Body = $"activation_backward<{Macro(op.Activation)}>(y, dy, dx, {Count(op.OutputSize)}, {F(op.Slope)});";
            k.ElementsPerSample = op.OutputSize;
            AddActivation(k, op);
            return k;
        }

        /// <summary>
        /// dbias += the sum of dy per output channel (a convolution's, or a Linear's with spatial 1), split over blocks
        /// within each channel (ReductionSplit): partials into scratch, then one block per channel adds them to dbias.
        /// </summary>
        public static ReductionSplit BiasGradient(NetworkPlan net, Op op, string comment)
        {
            int channels = op.Output[0];
            long spatial = op.OutputSize / channels;
            int maxParts = ReductionSplit.MaxParts(channels);
            string split = $"{ReductionSplit.BiasChunk}, {maxParts}";
            var k = ForLayer(net, op.Primary.Layer.Index, "bias_gradient_partials", "BiasGradient", "SplitReduction", comment + ": each part of a channel into scratch");
            k.Parameters.AddRange(new[] { CParameter.In("dy"), CParameter.Out("partials"), CParameter.Batch });
            // The scratch is a float buffer; the partial sums are doubles (its offsets are 64-byte aligned).
            k.Body = $"bias_gradient_partials(dy, (double*)partials, n, {channels}, {spatial}, {split});";
            k.ElementsPerSample = op.OutputSize;
            AddChannels(k, channels, spatial);
            AddSplit(k, ReductionSplit.BiasChunk, maxParts);
            var combine = ForLayer(net, op.Primary.Layer.Index, "bias_gradient_combine", "BiasGradientCombine", "PerChannel", comment + ": the parts added to dbias");
            combine.Parameters.AddRange(new[] { CParameter.In("partials"), CParameter.Out("dbias"), CParameter.Batch });
            combine.Body = $"bias_gradient_combine((const double*)partials, dbias, n, {channels}, {spatial}, {split});";
            AddChannels(combine, channels, spatial);
            AddSplit(combine, ReductionSplit.BiasChunk, maxParts);
            return new ReductionSplit(k, combine, channels, maxParts);
        }

        public static DeviceKernel Upsample(NetworkPlan net, Op op, bool bilinear, bool backward, string comment)
        {
            string mode = bilinear ? "bilinear" : "nearest";
            string kind = (bilinear ? "UpsampleBilinear" : "UpsampleNearest") + (backward ? "Backward" : "");
            int channels = op.Input[0], height = op.Input[1], width = op.Input[2];
            var k = ForLayer(net, op.Primary.Layer.Index, "upsample_" + mode + (backward ? "_backward" : ""), kind, "Elementwise", comment);
            k.Parameters.AddRange(backward ? new[] { CParameter.In("dy"), CParameter.Out("dx"), CParameter.Batch } : new[] { CParameter.In("x"), CParameter.Out("y"), CParameter.Batch });
            k.Body = backward
                ? $"upsample_{mode}_backward(dy, dx, (i64)n * {channels}, {height}, {width});"
                : $"upsample_{mode}(x, y, (i64)n * {channels}, {height}, {width});";
            k.ElementsPerSample = backward ? op.InputSize : op.OutputSize;
            k.Constants.Add($"Channels = {channels}");
            k.Constants.Add($"Height = {height}");
            k.Constants.Add($"Width = {width}");
            return k;
        }

        /// <summary>Training-mode dropout on its call site's Philox stream; the rate and seed are the run's, the offset the device step's.</summary>
        public static DeviceKernel Dropout(NetworkPlan net, Op op, int stream, string comment)
        {
            var k = ForLayer(net, op.Primary.Layer.Index, $"dropout_stream{stream}", "Dropout", "PhiloxBlocks", comment);
            k.Parameters.AddRange(new[] { CParameter.In("x"), CParameter.Out("y"), CParameter.Out("mask"), CParameter.Float("rate"), Seed, Step, CParameter.Batch });
            k.Body = $"dropout_forward(x, y, mask, {Count(op.OutputSize)}, rate, seed, {stream}ull, step);";
            k.ElementsPerSample = op.OutputSize;
            k.Constants.Add($"Stream = {stream}");
            return k;
        }

        public static DeviceKernel DropoutBackward(NetworkPlan net, Op op, string comment)
        {
            var k = ForLayer(net, op.Primary.Layer.Index, "dropout_backward", "DropoutBackward", "Elementwise", comment);
            k.Parameters.AddRange(new[] { CParameter.In("dy"), CParameter.In("mask"), CParameter.Out("dx"), CParameter.Batch });
            k.Body = $"dropout_backward(dy, mask, dx, {Count(op.OutputSize)});";
            k.ElementsPerSample = op.OutputSize;
            return k;
        }

        /// <summary>Training-mode Gaussian noise on its call site's Philox stream; sigma is the run's.</summary>
        public static DeviceKernel GaussianNoise(NetworkPlan net, Op op, int stream, string comment)
        {
            var k = ForLayer(net, op.Primary.Layer.Index, $"noise_stream{stream}", "GaussianNoise", "PhiloxBlocks", comment);
            k.Parameters.AddRange(new[] { CParameter.In("x"), CParameter.Out("y"), CParameter.Float("sigma"), Seed, Step, CParameter.Batch });
            k.Body = $"gaussian_noise(x, y, {Count(op.OutputSize)}, sigma, seed, {stream}ull, step);";
            k.ElementsPerSample = op.OutputSize;
            k.Constants.Add($"Stream = {stream}");
            return k;
        }

        /// <summary>A copy that serves a layer (eval-mode dropout or noise, a gradient passed through).</summary>
        public static DeviceKernel Copy(NetworkPlan net, int layer, string what, long perSample, string comment)
        {
            var k = ForLayer(net, layer, what, "Copy", "Elementwise", comment);
            k.Parameters.AddRange(new[] { CParameter.In("x"), CParameter.Out("y"), CParameter.Batch });
            k.Body = $"copy(x, y, {Count(perSample)});";
            k.ElementsPerSample = perSample;
            return k;
        }

        /// <summary>
        /// A GAN loss against a target (an argument: label smoothing sets it per run) with its gradient scaled by
        /// <paramref name="scale"/>: split over the batch (ReductionSplit), each part's sum into scratch, then the mean.
        /// </summary>
        public static ReductionSplit Loss(string name, bool onProbabilities, float scale, string comment)
        {
            string input = onProbabilities ? "probabilities" : "logits";
            var k = new DeviceKernel(name + "_partials", onProbabilities ? "BceOnProbabilities" : "BceWithLogits", "SplitReduction", comment + ": each part of the batch into scratch");
            k.Parameters.AddRange(new[] { CParameter.In(input), CParameter.Float("target"), CParameter.Out("dlogits"), CParameter.Out("partials"), CParameter.Batch });
            k.Body = $"{(onProbabilities ? "bce_on_probabilities" : "bce_with_logits")}_partials({input}, n, target, dlogits, (double*)partials, {F(scale)}, {LossSplit});";
            k.ElementsPerSample = 1;
            k.Constants.Add($"GradientScale = {F(scale)}");
            AddLossSplit(k);
            return new ReductionSplit(k, LossMean(), 1, LossParts);
        }

        public static ReductionSplit SoftmaxCrossEntropy(int classes, string comment)
        {
            var k = new DeviceKernel("c_loss_partials", "SoftmaxCrossEntropy", "SplitReduction", comment + ": each part of the batch into scratch");
            k.Parameters.AddRange(new[] { CParameter.In("logits"), CParameter.In("labels"), CParameter.Out("dlogits"), CParameter.Out("partials"), CParameter.Batch });
            k.Body = $"softmax_cross_entropy_partials(logits, labels, n, {classes}, dlogits, (double*)partials, {LossSplit});";
            k.ElementsPerSample = classes;
            k.Constants.Add($"Classes = {classes}");
            AddLossSplit(k);
            return new ReductionSplit(k, LossMean(), 1, LossParts);
        }

        public static ReductionSplit CountCorrect(int classes, string comment)
        {
            var k = new DeviceKernel("c_correct_partials", "CountCorrect", "SplitReduction", comment + ": each part's count into scratch");
            k.Parameters.AddRange(new[] { CParameter.In("logits"), CParameter.In("labels"), CParameter.Out("partials"), CParameter.Batch });
            k.Body = $"count_correct_partials(logits, labels, n, {classes}, (double*)partials, {LossSplit});";
            k.ElementsPerSample = classes;
            k.Constants.Add($"Classes = {classes}");
            AddLossSplit(k);
            var total = new DeviceKernel("correct_total", "CorrectTotal", "SingleBlock", "the parts' counts of correct rows added");
            total.Parameters.AddRange(new[] { CParameter.In("partials"), new CParameter(KernelParameterType.IntPointer, "correct"), CParameter.Batch });
            total.Body = $"correct_total((const double*)partials, n, {LossSplit}, correct);";
            AddLossSplit(total);
            return new ReductionSplit(k, total, 1, LossParts);
        }

        /// <summary>The combining launch every loss shares: the parts added in a fixed order, the mean over n to the loss scalar.</summary>
        private static DeviceKernel LossMean()
        {
            var k = new DeviceKernel("loss_mean", "LossMean", "SingleBlock", "a loss's parts added, the mean over the batch to the loss scalar");
            k.Parameters.AddRange(new[] { CParameter.In("partials"), CParameter.Out("loss"), CParameter.Batch });
            k.Body = $"loss_mean((const double*)partials, n, {LossSplit}, loss);";
            AddLossSplit(k);
            return k;
        }

        /// <summary>Adam over the network's whole parameter buffer, with the bias corrections <see cref="AdamBeginStep"/> wrote just before.</summary>
        public static DeviceKernel Adam(NetworkPlan net, string comment)
        {
            var k = new DeviceKernel(Prefix(net) + "_adam", "Adam", "Elementwise", comment);
            k.Parameters.AddRange(new[] { CParameter.Out("p"), CParameter.In("g"), CParameter.Out("m"), CParameter.Out("v"), CParameter.In("corrections"), CParameter.Float("beta1"), CParameter.Float("beta2"), CParameter.Float("eps"), CParameter.Float("weight_decay") });
            k.Body = $"adam(p, g, m, v, {net.ParameterFloats}, corrections, beta1, beta2, eps, weight_decay);";
            k.FixedElements = net.ParameterFloats;
            k.Constants.Add($"Net = Net.{NetName(net)}");
            return k;
        }

        /// <summary>One thread before a network's Adam: its Adam step count +1 and that step's bias corrections, into scratch.</summary>
        public static DeviceKernel AdamBeginStep(NetworkPlan net)
        {
            var k = new DeviceKernel(Prefix(net) + "_adam_begin_step", "AdamBeginStep", "SingleThread",
                $"{NetName(net)}'s Adam step count +1 and its bias corrections, computed once for every Adam thread");
            k.Parameters.AddRange(new[] { Counter, CParameter.Float("lr"), CParameter.Float("beta1"), CParameter.Float("beta2"), CParameter.Out("corrections") });
            k.Body = "adam_begin_step(counter, lr, beta1, beta2, corrections);";
            k.Constants.Add($"Net = Net.{NetName(net)}");
            return k;
        }

        /// <summary>+1 on a device counter: the step count after a step, the batch index.</summary>
        public static DeviceKernel AdvanceCounter()
        {
            var k = new DeviceKernel("counter_add_one", "AdvanceCounter", "SingleThread", "one more on a device counter (the step, the batch index)");
            k.Parameters.Add(Counter);
            k.Body = "advance_counter(counter);";
            return k;
        }

        /// <summary>The latent fill of the declared distribution (LatentSampler.Fill), from the device's latent counter.</summary>
        public static DeviceKernel Latent(bool uniform, long latentSize, string comment)
        {
            var k = new DeviceKernel(uniform ? "fill_latent_uniform" : "fill_latent_normal", uniform ? "LatentUniform" : "LatentNormal", "PhiloxBlocks", comment);
            k.Parameters.AddRange(new[] { CParameter.Out("z"), new CParameter(KernelParameterType.CounterPointer, "counter", isConst: true), Seed, new CParameter(KernelParameterType.UInt64, "stream"), CParameter.Batch });
            k.Body = uniform
                ? $"latent_uniform(z, {Count(latentSize)}, counter, seed, stream, -1.0f, 1.0f);"
                : $"latent_normal(z, {Count(latentSize)}, counter, seed, stream);";
            k.ElementsPerSample = latentSize;
            if (uniform) k.Constants.AddRange(new[] { "Low = -1.0f", "High = 1.0f" });
            return k;
        }

        /// <summary>Moves the latent counter past one fill, after the fill kernel has read it.</summary>
        public static DeviceKernel AdvanceLatentCounter(long latentSize)
        {
            var k = new DeviceKernel("latent_counter_advance", "AdvanceLatentCounter", "SingleThread", $"the latent counter past one fill of n x {latentSize} values");
            k.Parameters.AddRange(new[] { Counter, CParameter.Batch });
            k.Body = $"advance_latent_counter(counter, {Count(latentSize)});";
            k.ElementsPerSample = latentSize;
            return k;
        }

        /// <summary>BatchSource.Fill on the device: batch (device index) of the epoch's order, pixels scaled to the model's range.</summary>
        public static DeviceKernel GatherBatch(long imageSize, float low, float high, string comment)
        {
            var k = new DeviceKernel("gather_real_batch", "GatherBatch", "Elementwise", comment);
            k.Parameters.AddRange(new[] { CParameter.Out("real"), new CParameter(KernelParameterType.BytePointer, "images", isConst: true), new CParameter(KernelParameterType.IntPointer, "order", isConst: true), new CParameter(KernelParameterType.CounterPointer, "batch_index", isConst: true), CParameter.Batch });
            k.Body = $"gather_batch(real, images, order, batch_index, n, {imageSize}, {F(low)}, {F(high)});";
            k.ElementsPerSample = imageSize;
            k.Constants.AddRange(new[] { $"Low = {F(low)}", $"High = {F(high)}" });
            return k;
        }

        private static DeviceKernel ForLayer(NetworkPlan net, int layer, string what, string kind, string launch, string comment)
        {
            var k = new DeviceKernel($"{Prefix(net)}_{layer}_{what}", kind, launch, comment);
            k.Constants.Add($"Net = Net.{NetName(net)}");
            k.Constants.Add($"Layer = {layer}");
            return k;
        }

        private static void AddActivation(DeviceKernel k, Op op)
        {
            if (op.Activation == ActivationKind.None) return;
            k.Constants.Add($"Activation = Activation.{op.Activation}");
            if (op.Activation == ActivationKind.LeakyRelu) k.Constants.Add($"Slope = {F(op.Slope)}");
        }

        private static void AddChannels(DeviceKernel k, int channels, long spatial)
        {
            k.Constants.Add($"Channels = {channels}");
            k.Constants.Add($"Spatial = {spatial}");
        }

        private static int LossParts => ReductionSplit.MaxParts(1);
        private static string LossSplit => $"{ReductionSplit.LossChunk}, {LossParts}";

        private static void AddSplit(DeviceKernel k, long chunk, int maxParts)
        {
            k.Constants.Add($"SplitChunk = {chunk}");
            k.Constants.Add($"MaxSplitParts = {maxParts}");
        }

        /// <summary>A loss reduces one "channel" of one value per sample: the batch.</summary>
        private static void AddLossSplit(DeviceKernel k)
        {
            AddChannels(k, 1, 1);
            AddSplit(k, ReductionSplit.LossChunk, LossParts);
        }

        private static string Prefix(NetworkPlan net) => net.Prefix.ToLowerInvariant();
        private static string NetName(NetworkPlan net) => net.Net.ToString();
        private static string Count(long perSample) => $"(i64)n * {perSample}";
        private static string F(double value) => OpAttribute.Literal(value);

        private static string Snake(ActivationKind activation)
        {
            switch (activation)
            {
                case ActivationKind.Relu: return "relu";
                case ActivationKind.LeakyRelu: return "leaky_relu";
                case ActivationKind.Sigmoid: return "sigmoid";
                case ActivationKind.Tanh: return "tanh";
                default: return "identity";
            }
        }

        private static string Macro(ActivationKind activation) => activation == ActivationKind.None ? "ACT_NONE" : "ACT_" + Snake(activation).ToUpperInvariant();
    }
}
