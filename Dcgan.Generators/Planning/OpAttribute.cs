using System.Collections.Generic;
using System.Globalization;

namespace Dcgan.Generators.Planning
{
    /// <summary>What kind of value an attribute of an operation is, which decides how the CPU step writes it.</summary>
    internal enum AttributeKind
    {
        /// <summary>A size compiled in (features, channels, spatial positions, a class count).</summary>
        Size,
        /// <summary>A float compiled in (eps, momentum, a gradient scale).</summary>
        Float,
        /// <summary>An activation and its slope: two arguments.</summary>
        Activation,
        /// <summary>A convolution's geometry in the Conv2d direction, the batch n first.</summary>
        Geometry,
        /// <summary>Elements per sample times the batch: <c>(long)size * n</c>.</summary>
        ElementCount,
        /// <summary>A member of the step's state (<c>s.DropoutRate</c>), read when the step runs.</summary>
        State,
        /// <summary>A constant of the generated class (<c>DParameterFloats</c>).</summary>
        Constant,
        /// <summary>A Philox stream number of one random call site.</summary>
        Stream,
        /// <summary>A member of the step's state moved on by one as it is passed (<c>++s.Generator.AdamStep</c>).</summary>
        Incremented,
    }

    /// <summary>
    /// One non-tensor argument of an operation, typed: the renderer decides its text, and the verify pass checks that every
    /// role of the operation's table row is bound once.
    /// </summary>
    internal sealed class OpAttribute
    {
        private OpAttribute(AttributeKind kind) => Kind = kind;

        public AttributeKind Kind { get; }
        public long Number { get; private set; }
        public double Real { get; private set; }
        /// <summary>The activation's name (Dcgan.Runtime.Activation), or a state member's or constant's name.</summary>
        public string Name { get; private set; } = "";
        public float Slope { get; private set; }
        public ConvolutionShape? Geometry { get; private set; }

        public static OpAttribute Size(long value) => new OpAttribute(AttributeKind.Size) { Number = value };
        public static OpAttribute Float(double value) => new OpAttribute(AttributeKind.Float) { Real = value };
        public static OpAttribute Activation(string activation, float slope) => new OpAttribute(AttributeKind.Activation) { Name = activation, Slope = slope };
        public static OpAttribute Of(ConvolutionShape geometry) => new OpAttribute(AttributeKind.Geometry) { Geometry = geometry };
        public static OpAttribute Elements(long perSample) => new OpAttribute(AttributeKind.ElementCount) { Number = perSample };
        public static OpAttribute State(string member) => new OpAttribute(AttributeKind.State) { Name = member };
        public static OpAttribute Constant(string name) => new OpAttribute(AttributeKind.Constant) { Name = name };
        public static OpAttribute Stream(int stream) => new OpAttribute(AttributeKind.Stream) { Number = stream };
        public static OpAttribute Incremented(string member) => new OpAttribute(AttributeKind.Incremented) { Name = member };

        /// <summary>The attribute as the CPU step writes it among a kernel's arguments.</summary>
        public string CpuExpression => Kind switch
        {
            AttributeKind.Size or AttributeKind.Stream => Number.ToString(CultureInfo.InvariantCulture),
            AttributeKind.Float => Literal(Real),
            AttributeKind.Activation => $"Activation.{Name}, {Literal(Slope)}",
            AttributeKind.Geometry => Geometry!.CpuExpression,
            AttributeKind.ElementCount => $"(long){Number} * n",
            AttributeKind.State => "s." + Name,
            AttributeKind.Incremented => "++s." + Name,
            _ => Name,
        };

        /// <summary>The locals the CPU expression reads.</summary>
        public IEnumerable<string> Locals
        {
            get
            {
                if (Kind == AttributeKind.Geometry || Kind == AttributeKind.ElementCount) yield return "n";
            }
        }

        /// <summary>A float as C# source: the shortest text that round-trips, always with a point or exponent, suffixed f.</summary>
        public static string Literal(double value)
        {
            string text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
            if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0) text += ".0";
            return text + "f";
        }
    }
}
