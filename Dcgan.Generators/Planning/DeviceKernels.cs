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
        private const string Counter = "unsigned long long* counter";
        private const string Seed = "unsigned long long seed";
        private const string Step = "const unsigned long long* step";

        /// <summary>The bias and activation applied to a Linear's or convolution's output; null when it has neither.</summary>
        public static DeviceKernel? Epilogue(NetworkPlan net, Op op, string comment)
        {
            bool bias = op.Bias is not null;
            if (!bias && op.Activation == "None") return null;
            int channels = op.Output[0];
            long spatial = op.OutputSize / channels;
            string what = bias ? (op.Activation == "None" ? "bias" : "bias_" + Snake(op.Activation)) : Snake(op.Activation);
            var k = ForLayer(net, op.Primary.Layer.Index, what, "BiasActivation", "Elementwise", comment);
            k.Parameters.Add("float* y");
            if (bias) k.Parameters.Add("const float* bias");
            k.Parameters.Add("int n");
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
            k.Parameters.AddRange(new[] { "const float* x", "float* y", "int n" });
            k.Body = $"activation_forward<{Macro(op.Activation)}>(x, y, {Count(op.OutputSize)}, {F(op.Slope)});";
            k.ElementsPerSample = op.OutputSize;
            AddActivation(k, op);
            return k;
        }

        /// <summary>The activation's derivative from the stored output (dx may be dy).</summary>
        public static DeviceKernel ActivationBackward(NetworkPlan net, Op op, string comment)
        {
            var k = ForLayer(net, op.OutputLayer, Snake(op.Activation) + "_backward", "ActivationBackward", "Elementwise", comment);
            k.Parameters.AddRange(new[] { "const float* y", "const float* dy", "float* dx", "int n" });
            k.Body = $"activation_backward<{Macro(op.Activation)}>(y, dy, dx, {Count(op.OutputSize)}, {F(op.Slope)});";
            k.ElementsPerSample = op.OutputSize;
            AddActivation(k, op);
            return k;
        }

        /// <summary>dbias += the sum of dy per output channel (a convolution's, or a Linear's with spatial 1).</summary>
        public static DeviceKernel BiasGradient(NetworkPlan net, Op op, string comment)
        {
            int channels = op.Output[0];
            long spatial = op.OutputSize / channels;
            var k = ForLayer(net, op.Primary.Layer.Index, "bias_gradient", "BiasGradient", "PerChannel", comment);
            k.Parameters.AddRange(new[] { "const float* dy", "float* dbias", "int n" });
            k.Body = $"bias_gradient(dy, dbias, n, {channels}, {spatial});";
            k.ElementsPerSample = op.OutputSize;
            AddChannels(k, channels, spatial);
            return k;
        }

        public static DeviceKernel Upsample(NetworkPlan net, Op op, bool bilinear, bool backward, string comment)
        {
            string mode = bilinear ? "bilinear" : "nearest";
            string kind = (bilinear ? "UpsampleBilinear" : "UpsampleNearest") + (backward ? "Backward" : "");
            int channels = op.Input[0], height = op.Input[1], width = op.Input[2];
            var k = ForLayer(net, op.Primary.Layer.Index, "upsample_" + mode + (backward ? "_backward" : ""), kind, "Elementwise", comment);
            k.Parameters.AddRange(backward ? new[] { "const float* dy", "float* dx", "int n" } : new[] { "const float* x", "float* y", "int n" });
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
            k.Parameters.AddRange(new[] { "const float* x", "float* y", "float* mask", "float rate", Seed, Step, "int n" });
            k.Body = $"dropout_forward(x, y, mask, {Count(op.OutputSize)}, rate, seed, {stream}ull, step);";
            k.ElementsPerSample = op.OutputSize;
            k.Constants.Add($"Stream = {stream}");
            return k;
        }

        public static DeviceKernel DropoutBackward(NetworkPlan net, Op op, string comment)
        {
            var k = ForLayer(net, op.Primary.Layer.Index, "dropout_backward", "DropoutBackward", "Elementwise", comment);
            k.Parameters.AddRange(new[] { "const float* dy", "const float* mask", "float* dx", "int n" });
            k.Body = $"dropout_backward(dy, mask, dx, {Count(op.OutputSize)});";
            k.ElementsPerSample = op.OutputSize;
            return k;
        }

        /// <summary>Training-mode Gaussian noise on its call site's Philox stream; sigma is the run's.</summary>
        public static DeviceKernel GaussianNoise(NetworkPlan net, Op op, int stream, string comment)
        {
            var k = ForLayer(net, op.Primary.Layer.Index, $"noise_stream{stream}", "GaussianNoise", "PhiloxBlocks", comment);
            k.Parameters.AddRange(new[] { "const float* x", "float* y", "float sigma", Seed, Step, "int n" });
            k.Body = $"gaussian_noise(x, y, {Count(op.OutputSize)}, sigma, seed, {stream}ull, step);";
            k.ElementsPerSample = op.OutputSize;
            k.Constants.Add($"Stream = {stream}");
            return k;
        }

        /// <summary>A copy that serves a layer (eval-mode dropout or noise, a gradient passed through).</summary>
        public static DeviceKernel Copy(NetworkPlan net, int layer, string what, long perSample, string comment)
        {
            var k = ForLayer(net, layer, what, "Copy", "Elementwise", comment);
            k.Parameters.AddRange(new[] { "const float* x", "float* y", "int n" });
            k.Body = $"copy(x, y, {Count(perSample)});";
            k.ElementsPerSample = perSample;
            return k;
        }

        /// <summary>A GAN loss against a target (an argument: label smoothing sets it per run) with its gradient scaled by <paramref name="scale"/>.</summary>
        public static DeviceKernel Loss(string name, bool onProbabilities, float scale, string comment)
        {
            string input = onProbabilities ? "probabilities" : "logits";
            var k = new DeviceKernel(name, onProbabilities ? "BceOnProbabilities" : "BceWithLogits", "SingleBlock", comment);
            k.Parameters.AddRange(new[] { $"const float* {input}", "float target", "float* dlogits", "float* loss", "int n" });
            k.Body = $"{(onProbabilities ? "bce_on_probabilities" : "bce_with_logits")}({input}, n, target, dlogits, loss, {F(scale)});";
            k.ElementsPerSample = 1;
            k.Constants.Add($"GradientScale = {F(scale)}");
            return k;
        }

        public static DeviceKernel SoftmaxCrossEntropy(int classes, string comment)
        {
            var k = new DeviceKernel("c_loss", "SoftmaxCrossEntropy", "SingleBlock", comment);
            k.Parameters.AddRange(new[] { "const float* logits", "const float* labels", "float* dlogits", "float* loss", "int n" });
            k.Body = $"softmax_cross_entropy(logits, labels, n, {classes}, dlogits, loss);";
            k.ElementsPerSample = classes;
            k.Constants.Add($"Classes = {classes}");
            return k;
        }

        public static DeviceKernel CountCorrect(int classes, string comment)
        {
            var k = new DeviceKernel("c_correct", "CountCorrect", "SingleBlock", comment);
            k.Parameters.AddRange(new[] { "const float* logits", "const float* labels", "int* correct", "int n" });
            k.Body = $"count_correct(logits, labels, n, {classes}, correct);";
            k.ElementsPerSample = classes;
            k.Constants.Add($"Classes = {classes}");
            return k;
        }

        /// <summary>Adam over the network's whole parameter buffer; its step count is the device counter advanced just before.</summary>
        public static DeviceKernel Adam(NetworkPlan net, string comment)
        {
            var k = new DeviceKernel(Prefix(net) + "_adam", "Adam", "Elementwise", comment);
            k.Parameters.AddRange(new[] { "float* p", "const float* g", "float* m", "float* v", Step, "float lr", "float beta1", "float beta2", "float eps", "float weight_decay" });
            k.Body = $"adam(p, g, m, v, {net.ParameterFloats}, step, lr, beta1, beta2, eps, weight_decay);";
            k.FixedElements = net.ParameterFloats;
            k.Constants.Add($"Net = Net.{NetName(net)}");
            return k;
        }

        /// <summary>+1 on a device counter: the step count after a step, an Adam step count before its update, the batch index.</summary>
        public static DeviceKernel AdvanceCounter()
        {
            var k = new DeviceKernel("counter_add_one", "AdvanceCounter", "SingleThread", "one more on a device counter (the step, an Adam step count, the batch index)");
            k.Parameters.Add(Counter);
            k.Body = "advance_counter(counter);";
            return k;
        }

        /// <summary>The latent fill of the declared distribution (LatentSampler.Fill), from the device's latent counter.</summary>
        public static DeviceKernel Latent(bool uniform, long latentSize, string comment)
        {
            var k = new DeviceKernel(uniform ? "fill_latent_uniform" : "fill_latent_normal", uniform ? "LatentUniform" : "LatentNormal", "PhiloxBlocks", comment);
            k.Parameters.AddRange(new[] { "float* z", "const " + Counter, Seed, "unsigned long long stream", "int n" });
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
            k.Parameters.AddRange(new[] { Counter, "int n" });
            k.Body = $"advance_latent_counter(counter, {Count(latentSize)});";
            k.ElementsPerSample = latentSize;
            return k;
        }

        /// <summary>BatchSource.Fill on the device: batch (device index) of the epoch's order, pixels scaled to the model's range.</summary>
        public static DeviceKernel GatherBatch(long imageSize, float low, float high, string comment)
        {
            var k = new DeviceKernel("gather_real_batch", "GatherBatch", "Elementwise", comment);
            k.Parameters.AddRange(new[] { "float* real", "const unsigned char* images", "const int* order", "const unsigned long long* batch_index", "int n" });
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
            if (op.Activation == "None") return;
            k.Constants.Add($"Activation = Activation.{op.Activation}");
            if (op.Activation == "LeakyRelu") k.Constants.Add($"Slope = {F(op.Slope)}");
        }

        private static void AddChannels(DeviceKernel k, int channels, long spatial)
        {
            k.Constants.Add($"Channels = {channels}");
            k.Constants.Add($"Spatial = {spatial}");
        }

        private static string Prefix(NetworkPlan net) => net.Prefix.ToLowerInvariant();
        private static string NetName(NetworkPlan net) => net.Prefix == "G" ? "Generator" : net.Prefix == "D" ? "Discriminator" : "Classifier";
        private static string Count(long perSample) => $"(i64)n * {perSample}";
        private static string F(double value) => StepBuilder.Float(value);

        private static string Snake(string activation)
        {
            switch (activation)
            {
                case "Relu": return "relu";
                case "LeakyRelu": return "leaky_relu";
                case "Sigmoid": return "sigmoid";
                case "Tanh": return "tanh";
                default: return "identity";
            }
        }

        private static string Macro(string activation) => activation == "None" ? "ACT_NONE" : "ACT_" + Snake(activation).ToUpperInvariant();
    }
}
