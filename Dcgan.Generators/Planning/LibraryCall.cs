namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// A cuBLAS or cuDNN call of a device program, or a clear: what it computes and its sizes, typed. Its operands are
    /// bound by the roles <see cref="Roles"/> lists (as Dcgan.Runtime.DeviceOp documents them).
    /// </summary>
    internal sealed class LibraryCall
    {
        private LibraryCall(LibraryKind kind, string work) => (Kind, Work) = (kind, work);

        public LibraryKind Kind { get; }
        /// <summary>The LinearProduct, ConvolutionWork or BatchNormWork member.</summary>
        public string Work { get; }
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
        public static LibraryCall Gemm(string product, long inFeatures, long outFeatures) =>
            new LibraryCall(LibraryKind.Gemm, product) { InFeatures = inFeatures, OutFeatures = outFeatures };

        public static LibraryCall Convolve(ConvolutionShape shape, string work) => new LibraryCall(LibraryKind.Convolution, work) { Convolution = shape };

        /// <summary>A spatial-mode batch norm over [n, channels, spatial] with the layer's eps and momentum.</summary>
        public static LibraryCall BatchNorm(string work, int channels, long spatial, double eps, double momentum) =>
            new LibraryCall(LibraryKind.BatchNorm, work) { Channels = channels, Spatial = spatial, Eps = eps, Momentum = momentum };

        public static LibraryCall Clear(string elements) => new LibraryCall(LibraryKind.Clear, "") { Elements = elements };

        /// <summary>The operand roles the call binds, in the order the runtime documents them.</summary>
        public string[] Roles => Kind switch
        {
            LibraryKind.Gemm => new[] { "A", "B", "C" },
            LibraryKind.Convolution => new[] { "image", "filter", "feature" },
            LibraryKind.Clear => new[] { "buffer" },
            _ => Work switch
            {
                "ForwardTraining" => new[] { "x", "y", "scale", "bias", "running_mean", "running_var", "save_mean", "save_invstd" },
                "ForwardInference" => new[] { "x", "y", "scale", "bias", "running_mean", "running_var" },
                _ => new[] { "x", "dy", "scale", "save_mean", "save_invstd", "dx", "dscale", "dbias" },
            },
        };

        /// <summary>The DeviceOp factory call up to its comment.</summary>
        public string Factory => Kind switch
        {
            LibraryKind.Gemm => $"DeviceOp.LinearGemm(LinearProduct.{Work}, {InFeatures}, {OutFeatures}",
            LibraryKind.Convolution => $"DeviceOp.Convolution({Convolution!.Constructor("0")}, {(Convolution.Transposed ? "true" : "false")}, ConvolutionWork.{Work}",
            LibraryKind.BatchNorm => $"DeviceOp.BatchNorm(BatchNormWork.{Work}, {Channels}, {Spatial}, {OpAttribute.Literal(Eps)}, {OpAttribute.Literal(Momentum)}",
            _ => $"DeviceOp.Clear({Elements}",
        };
    }
}
