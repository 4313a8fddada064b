namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// A cuBLAS or cuDNN call of a device program, or a clear: what it computes and its sizes, typed. Its operands are
    /// bound by the roles <see cref="Roles"/> lists (as Dcgan.Runtime.DeviceOp documents them).
    /// </summary>
    internal sealed class LibraryCall
    {
        private LibraryCall(LibraryKind kind) => Kind = kind;

        public LibraryKind Kind { get; }
        /// <summary>A GEMM's product.</summary>
        public LinearProduct Product { get; private set; }
        /// <summary>A convolution's work (the runtime picks the cuDNN routine from it and the layer's direction).</summary>
        public ConvolutionWork ConvolutionWork { get; private set; }
        /// <summary>A batch norm's routine.</summary>
        public BatchNormWork Normalization { get; private set; }
        public long InFeatures { get; private set; }
        public long OutFeatures { get; private set; }
        public ConvolutionShape? Convolution { get; private set; }
        public int Channels { get; private set; }
        public long Spatial { get; private set; }
        public double Eps { get; private set; }
        public double Momentum { get; private set; }
        /// <summary>The generated constant holding a clear's float count.</summary>
        public string Elements { get; private set; } = "";

        /// <summary>One SGEMM of a Linear layer: A, B, C in the row-major roles.</summary>
        public static LibraryCall Gemm(LinearProduct product, long inFeatures, long outFeatures) =>
            new LibraryCall(LibraryKind.Gemm) { Product = product, InFeatures = inFeatures, OutFeatures = outFeatures };

        public static LibraryCall Convolve(ConvolutionShape shape, ConvolutionWork work) =>
            new LibraryCall(LibraryKind.Convolution) { ConvolutionWork = work, Convolution = shape };

        /// <summary>A spatial-mode batch norm over [n, channels, spatial] with the layer's eps and momentum.</summary>
        public static LibraryCall BatchNorm(BatchNormWork work, int channels, long spatial, double eps, double momentum) =>
            new LibraryCall(LibraryKind.BatchNorm) { Normalization = work, Channels = channels, Spatial = spatial, Eps = eps, Momentum = momentum };

        public static LibraryCall Clear(string elements) => new LibraryCall(LibraryKind.Clear) { Elements = elements };

        /// <summary>The operand roles the call binds, in the order the runtime documents them.</summary>
        public string[] Roles => Kind switch
        {
            LibraryKind.Gemm => new[] { "A", "B", "C" },
            LibraryKind.Convolution => new[] { "image", "filter", "feature" },
            LibraryKind.Clear => new[] { "buffer" },
            _ => Normalization switch
            {
                BatchNormWork.ForwardTraining => new[] { "x", "y", "scale", "bias", "running_mean", "running_var", "save_mean", "save_invstd" },
                BatchNormWork.ForwardInference => new[] { "x", "y", "scale", "bias", "running_mean", "running_var" },
                _ => new[] { "x", "dy", "scale", "save_mean", "save_invstd", "dx", "dscale", "dbias" },
            },
        };

        /// <summary>The DeviceOp factory call up to its comment.</summary>
        public string Factory => Kind switch
        {
            LibraryKind.Gemm => $"DeviceOp.LinearGemm({nameof(LinearProduct)}.{Product}, {InFeatures}, {OutFeatures}",
            LibraryKind.Convolution => $"DeviceOp.Convolution({Convolution!.Constructor("0")}, {(Convolution.Transposed ? "true" : "false")}, {nameof(ConvolutionWork)}.{ConvolutionWork}",
            LibraryKind.BatchNorm => $"DeviceOp.BatchNorm({nameof(BatchNormWork)}.{Normalization}, {Channels}, {Spatial}, {OpAttribute.Literal(Eps)}, {OpAttribute.Literal(Momentum)}",
            _ => $"DeviceOp.Clear({Elements}",
        };
    }
}
