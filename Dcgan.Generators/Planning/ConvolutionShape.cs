namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// A convolution's geometry in the Conv2d direction (ConvGeometry's order): the image side [C, H, W] first, the
    /// feature side second. A Conv2d reads its image side and writes its feature side; a ConvTranspose2d reads its feature
    /// side and writes its image side: the runtime's own rule (Dcgan.Runtime/Shared/ConvolutionSides.cs), which the CPU
    /// kernels and the cuDNN routine choice ask too.
    /// </summary>
    internal sealed class ConvolutionShape
    {
        private ConvolutionShape(bool transposed, int[] image, int[] feature, int kernel, int stride, int padding)
        {
            Transposed = transposed;
            Image = image;
            Feature = feature;
            Kernel = kernel;
            Stride = stride;
            Padding = padding;
        }

        public bool Transposed { get; }
        public int[] Image { get; }
        public int[] Feature { get; }
        public int Kernel { get; }
        public int Stride { get; }
        public int Padding { get; }

        public static ConvolutionShape For(Op op)
        {
            var layer = op.Primary.Layer;
            bool transposed = op.Kind == OpKind.ConvTranspose2d;
            var (image, feature) = ConvolutionSides.Sides(transposed, op.Input, op.Output);
            return new ConvolutionShape(transposed, image, feature, layer.Kernel, layer.Stride, layer.Padding);
        }

        /// <summary>The cuDNN role of the op's input: a Conv2d reads an image, a ConvTranspose2d a feature map.</summary>
        public string InputSide => ConvolutionSides.InputIsImage(Transposed) ? "image" : "feature";
        /// <summary>The cuDNN role of the op's output.</summary>
        public string OutputSide => ConvolutionSides.InputIsImage(Transposed) ? "feature" : "image";

        /// <summary>Which of the op's input and output (or their gradients) is the image side: (image, feature) in Conv2d terms.</summary>
        public (T Image, T Feature) Sides<T>(T input, T output) => ConvolutionSides.Sides(Transposed, input, output);

        /// <summary>The ConvGeometry constructor with the batch <paramref name="batch"/> (n on the CPU, 0 in a device op: the run's).</summary>
        public string Constructor(string batch) =>
            $"new({batch}, {Image[0]}, {Image[1]}, {Image[2]}, {Feature[0]}, {Feature[1]}, {Feature[2]}, {Kernel}, {Kernel}, {Stride}, {Padding})";

        public string CpuExpression => Constructor("n");
    }
}
