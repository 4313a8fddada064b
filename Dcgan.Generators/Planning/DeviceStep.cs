using System.Collections.Generic;
using System.Linq;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// One operation of the device program a statement stands for: a launch of one of its kernels (each C parameter bound
    /// to the operand in its position) or a cuBLAS or cuDNN call or a clear (each role bound by name).
    /// </summary>
    internal sealed class DeviceStep
    {
        private DeviceStep(DeviceKernel? kernel, LibraryCall? library, List<KeyValuePair<string, Operand>> operands)
        {
            Kernel = kernel;
            Library = library;
            Operands = operands;
        }

        public DeviceKernel? Kernel { get; }
        public LibraryCall? Library { get; }
        /// <summary>Each operand under the kernel parameter or library role it fills, in order.</summary>
        public List<KeyValuePair<string, Operand>> Operands { get; }

        /// <summary>A launch of <paramref name="kernel"/>: the operands fill its C parameters in order, so they are named by them.</summary>
        public static DeviceStep Launch(DeviceKernel kernel, IReadOnlyList<Operand> operands) => new DeviceStep(kernel, null,
            operands.Select((o, i) => new KeyValuePair<string, Operand>(i < kernel.Parameters.Count ? kernel.Parameters[i].Name : $"extra{i}", o)).ToList());

        public static DeviceStep Call(LibraryCall call, params (string Role, Operand Operand)[] operands) => new DeviceStep(null, call,
            operands.Select(o => new KeyValuePair<string, Operand>(o.Role, o.Operand)).ToList());

        /// <summary>The DeviceOp initialiser; <paramref name="comment"/> is already a C# string literal.</summary>
        public string Code(string comment)
        {
            string operands = string.Join(", ", Operands.Select(o => o.Value.DeviceBinding(o.Key)));
            return Kernel is not null
                ? $"DeviceOp.Launch(\"{Kernel.Name}\", {comment}, {operands})"
                : $"{Library!.Factory}, {comment}, {operands})";
        }
    }
}
