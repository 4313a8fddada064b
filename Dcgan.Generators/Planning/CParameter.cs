namespace Dcgan.Generators.Planning
{
    /// <summary>One C parameter of a kernel entry point: its C type and name.</summary>
    internal sealed class CParameter
    {
        public CParameter(string type, string name)
        {
            Type = type;
            Name = name;
        }

        public string Type { get; }
        public string Name { get; }
        /// <summary>A pointer (as opposed to a value the launch passes by copy).</summary>
        public bool IsPointer => Type.EndsWith("*");

        /// <summary>A float tensor the kernel reads.</summary>
        public static CParameter In(string name) => new CParameter("const float*", name);
        /// <summary>A float tensor the kernel writes (or reads and writes).</summary>
        public static CParameter Out(string name) => new CParameter("float*", name);
        public static CParameter Float(string name) => new CParameter("float", name);
        /// <summary>The batch n, the one size a launch leaves to the run.</summary>
        public static CParameter Batch { get; } = new CParameter("int", "n");

        public override string ToString() => Type + " " + Name;
    }
}
