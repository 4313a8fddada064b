using Dcgan.Runtime;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// One C parameter of a kernel entry point: its name, what it is (the runtime's <see cref="KernelParameterType"/>)
    /// and whether it is <c>const</c>. The signature's C text is derived from these, and the kernel table hands the
    /// same values to the runtime as typed rows.
    /// </summary>
    internal sealed class CParameter
    {
        public CParameter(KernelParameterType type, string name, bool isConst = false)
        {
            Type = type;
            Name = name;
            IsConst = isConst;
        }

        public KernelParameterType Type { get; }
        public string Name { get; }
        /// <summary>Declared <c>const</c>: the kernel only reads what the pointer points to.</summary>
        public bool IsConst { get; }
        /// <summary>A pointer (as opposed to a value the launch passes by copy).</summary>
        public bool IsPointer => KernelParameterCType.IsPointer(Type);
        /// <summary>The C type the entry point declares (<c>const float*</c>).</summary>
        public string CType => KernelParameterCType.Of(Type, IsConst);

        /// <summary>A float tensor the kernel reads.</summary>
        public static CParameter In(string name) => new CParameter(KernelParameterType.FloatPointer, name, isConst: true);
        /// <summary>A float tensor the kernel writes (or reads and writes).</summary>
        public static CParameter Out(string name) => new CParameter(KernelParameterType.FloatPointer, name);
        public static CParameter Float(string name) => new CParameter(KernelParameterType.Float, name);
        /// <summary>The batch n, the one size a launch leaves to the run.</summary>
        public static CParameter Batch { get; } = new CParameter(KernelParameterType.Int, "n");

        /// <summary>The declaration as the entry point's signature writes it (<c>const float* bias</c>).</summary>
        public override string ToString() => CType + " " + Name;
    }
}
