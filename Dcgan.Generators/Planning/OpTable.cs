using System.Collections.Generic;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// One op's row: the CPU kernel (a CpuKernels method) and its arguments in order, by role; whether the call's value
    /// is stored into a state member (its first role); and what the op may do on the device: which cuBLAS or cuDNN call
    /// and which kinds of prelude kernel (Dcgan.Runtime.CudaKernelKind), whose C parameters the kernel itself lists.
    /// </summary>
    internal sealed class OpRow
    {
        public OpRow(OpCode code, string? cpuKernel, string[] cpuArguments, LibraryKind? library, string[] kernels, bool assignsResult = false)
        {
            Code = code;
            CpuKernel = cpuKernel;
            CpuArguments = cpuArguments;
            Library = library;
            Kernels = kernels;
            AssignsResult = assignsResult;
        }

        public OpCode Code { get; }
        /// <summary>The CpuKernels method; null for an op the CPU step writes by its own rule (host arithmetic) or does not do (the device feed).</summary>
        public string? CpuKernel { get; }
        public string[] CpuArguments { get; }
        public LibraryKind? Library { get; }
        public string[] Kernels { get; }
        /// <summary>The first role is a state member the call's value is stored into (a loss, a count).</summary>
        public bool AssignsResult { get; }
    }

    /// <summary>Every op the step planner writes, one row each: the one place an op's CPU call and device form are declared.</summary>
    internal static class OpTable
    {
        private static readonly Dictionary<OpCode, OpRow> Rows = Build(
            Row(OpCode.LinearForward, "LinearForward", new[] { "x", "weight", "bias", "y", "n", "in", "out", "activation" }, LibraryKind.Gemm, "BiasActivation"),
            Row(OpCode.Conv2dForward, "Conv2dForward", new[] { "geometry", "x", "weight", "bias", "y", "activation" }, LibraryKind.Convolution, "BiasActivation"),
            Row(OpCode.ConvTranspose2dForward, "ConvTranspose2dForward", new[] { "geometry", "x", "weight", "bias", "y", "activation" }, LibraryKind.Convolution, "BiasActivation"),
            Row(OpCode.BatchNormForwardTraining, "BatchNormForwardTraining",
                new[] { "x", "weight", "bias", "running_mean", "running_var", "y", "save_mean", "save_invstd", "n", "channels", "spatial", "eps", "momentum", "activation" },
                LibraryKind.BatchNorm, "ActivationForward"),
            Row(OpCode.BatchNormForwardInference, "BatchNormForwardInference",
                new[] { "x", "weight", "bias", "running_mean", "running_var", "y", "n", "channels", "spatial", "eps", "activation" },
                LibraryKind.BatchNorm, "ActivationForward"),
            Row(OpCode.UpsampleNearest2x, "UpsampleNearest2x", new[] { "x", "y", "n", "channels", "height", "width" }, null, "UpsampleNearest"),
            Row(OpCode.UpsampleBilinear2x, "UpsampleBilinear2x", new[] { "x", "y", "n", "channels", "height", "width" }, null, "UpsampleBilinear"),
            Row(OpCode.DropoutForward, "DropoutForward", new[] { "x", "y", "mask", "count", "rate", "seed", "stream", "counter" }, null, "Dropout"),
            Row(OpCode.AddGaussianNoise, "AddGaussianNoise", new[] { "x", "y", "count", "sigma", "seed", "stream", "counter" }, null, "GaussianNoise"),
            Row(OpCode.Copy, "Copy", new[] { "x", "y", "count" }, null, "Copy"),
            Row(OpCode.ActivationForward, "ActivationForward", new[] { "x", "y", "count", "activation" }, null, "ActivationForward"),
            Row(OpCode.ActivationBackward, "ActivationBackward", new[] { "y", "dy", "dx", "count", "activation" }, null, "ActivationBackward"),
            Row(OpCode.LinearBackward, "LinearBackward", new[] { "x", "weight", "dy", "dx", "dweight", "dbias", "n", "in", "out" }, LibraryKind.Gemm, "BiasGradient", "BiasGradientCombine"),
            Row(OpCode.Conv2dBackwardFilter, "Conv2dBackwardFilter", new[] { "geometry", "x", "dy", "dweight" }, LibraryKind.Convolution),
            Row(OpCode.ConvTranspose2dBackwardFilter, "ConvTranspose2dBackwardFilter", new[] { "geometry", "x", "dy", "dweight" }, LibraryKind.Convolution),
            Row(OpCode.BiasBackward, "BiasBackward", new[] { "dy", "dbias", "n", "channels", "spatial" }, null, "BiasGradient", "BiasGradientCombine"),
            Row(OpCode.Conv2dBackwardData, "Conv2dBackwardData", new[] { "geometry", "dy", "weight", "dx" }, LibraryKind.Convolution),
            Row(OpCode.ConvTranspose2dBackwardData, "ConvTranspose2dBackwardData", new[] { "geometry", "dy", "weight", "dx" }, LibraryKind.Convolution),
            Row(OpCode.BatchNormBackward, "BatchNormBackward",
                new[] { "x", "dy", "weight", "save_mean", "save_invstd", "dx", "dweight", "dbias", "n", "channels", "spatial" }, LibraryKind.BatchNorm),
            Row(OpCode.UpsampleNearest2xBackward, "UpsampleNearest2xBackward", new[] { "dy", "dx", "n", "channels", "height", "width" }, null, "UpsampleNearestBackward"),
            Row(OpCode.UpsampleBilinear2xBackward, "UpsampleBilinear2xBackward", new[] { "dy", "dx", "n", "channels", "height", "width" }, null, "UpsampleBilinearBackward"),
            Row(OpCode.DropoutBackward, "DropoutBackward", new[] { "dy", "mask", "dx", "count" }, null, "DropoutBackward"),
            Row(OpCode.Clear, "Clear", new[] { "buffer", "count" }, LibraryKind.Clear),
            Result(OpCode.BceWithLogits, "BceWithLogits", new[] { "result", "logits", "n", "target", "dlogits", "scale" }, "BceWithLogits", "LossMean"),
            Result(OpCode.BceOnProbabilities, "BceOnProbabilities", new[] { "result", "probabilities", "n", "target", "dlogits", "scale" }, "BceOnProbabilities", "LossMean"),
            Result(OpCode.SoftmaxCrossEntropy, "SoftmaxCrossEntropy", new[] { "result", "logits", "labels", "n", "classes", "dlogits" }, "SoftmaxCrossEntropy", "LossMean"),
            Result(OpCode.CountCorrect, "CountCorrect", new[] { "result", "logits", "labels", "n", "classes" }, "CountCorrect", "CorrectTotal"),
            Row(OpCode.AdamStep, "AdamStep", new[] { "p", "g", "m", "v", "count", "lr", "beta1", "beta2", "eps", "weight_decay", "step" }, null, "AdamBeginStep", "Adam"),
            Row(OpCode.SumDiscriminatorLoss, null, new[] { "result", "real", "fake", "average" }, null),
            Row(OpCode.AdvanceStep, null, new[] { "step" }, null, "AdvanceCounter"),
            Row(OpCode.FeedRealBatch, null, new string[0], null, "GatherBatch", "AdvanceCounter"),
            Row(OpCode.FeedLatents, null, new string[0], null, "LatentUniform", "LatentNormal", "AdvanceLatentCounter"));

        public static OpRow For(OpCode code) => Rows[code];

        private static OpRow Row(OpCode code, string? cpu, string[] arguments, LibraryKind? library, params string[] kernels) =>
            new OpRow(code, cpu, arguments, library, kernels);

        private static OpRow Result(OpCode code, string cpu, string[] arguments, params string[] kernels) =>
            new OpRow(code, cpu, arguments, null, kernels, assignsResult: true);

        private static Dictionary<OpCode, OpRow> Build(params OpRow[] rows)
        {
            var table = new Dictionary<OpCode, OpRow>();
            foreach (var row in rows) table.Add(row.Code, row);
            foreach (OpCode code in System.Enum.GetValues(typeof(OpCode)))
                if (!table.ContainsKey(code)) throw new System.InvalidOperationException($"OpTable has no row for {code}");
            return table;
        }
    }
}
