namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// What one statement of a compiled step does. Each code has one row in <see cref="OpTable"/>: its CPU kernel and
    /// argument order, and what it may run on the device.
    /// </summary>
    internal enum OpCode
    {
        LinearForward,
        Conv2dForward,
        ConvTranspose2dForward,
        BatchNormForwardTraining,
        BatchNormForwardInference,
        UpsampleNearest2x,
        UpsampleBilinear2x,
        DropoutForward,
        AddGaussianNoise,
        Copy,
        ActivationForward,
        ActivationBackward,
        LinearBackward,
        Conv2dBackwardFilter,
        ConvTranspose2dBackwardFilter,
        BiasBackward,
        Conv2dBackwardData,
        ConvTranspose2dBackwardData,
        BatchNormBackward,
        UpsampleNearest2xBackward,
        UpsampleBilinear2xBackward,
        DropoutBackward,
        Clear,
        BceWithLogits,
        BceOnProbabilities,
        SoftmaxCrossEntropy,
        CountCorrect,
        AdamStep,
        /// <summary>D's loss from its two terms, on the host (the device wrote the terms).</summary>
        SumDiscriminatorLoss,
        /// <summary>One more step taken: the step counter the random layers' streams read.</summary>
        AdvanceStep,
        /// <summary>The real batch gathered on the device (a fed step's; the CPU's feed is the runtime's).</summary>
        FeedRealBatch,
        /// <summary>A latent batch filled on the device from the latent counter.</summary>
        FeedLatents,
    }

    /// <summary>The cuBLAS and cuDNN calls (and the clear) a device program makes beside kernel launches.</summary>
    internal enum LibraryKind
    {
        Gemm,
        Convolution,
        BatchNorm,
        Clear,
    }
}
