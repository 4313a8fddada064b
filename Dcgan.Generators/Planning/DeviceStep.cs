using System.Collections.Generic;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// One operation of the device program a statement stands for: a launch of one of its kernels, a cuBLAS or cuDNN
    /// call, or a clear, with its operands as the generated <c>DeviceBinding</c> initialisers. A launch reads its
    /// kernel's name when emitted, after the CUDA emitter has settled the names shared between statements.
    /// </summary>
    internal sealed class DeviceStep
    {
        private DeviceStep(DeviceKernel? kernel, string factory, IEnumerable<string> operands)
        {
            Kernel = kernel;
            Factory = factory;
            Operands = new List<string>(operands);
        }

        public DeviceKernel? Kernel { get; }
        /// <summary>The DeviceOp factory call up to its comment: "DeviceOp.LinearGemm(LinearProduct.Forward, 784, 10".</summary>
        public string Factory { get; }
        public List<string> Operands { get; }

        public static DeviceStep Launch(DeviceKernel kernel, IEnumerable<string> operands) => new DeviceStep(kernel, "", operands);
        public static DeviceStep Call(string factory, IEnumerable<string> operands) => new DeviceStep(null, factory, operands);

        /// <summary>The DeviceOp initialiser; <paramref name="comment"/> is already a C# string literal.</summary>
        public string Code(string comment) => Kernel is not null
            ? $"DeviceOp.Launch(\"{Kernel.Name}\", {comment}, {string.Join(", ", Operands)})"
            : $"{Factory}, {comment}, {string.Join(", ", Operands)})";
    }

    /// <summary>The generated <c>DeviceBinding</c> initialisers, from the planner's tensors.</summary>
    internal static class DeviceOperands
    {
        public static string Arena(string name, ArenaTensor tensor) => $"B.Arena(\"{name}\", {tensor.Constant})";
        public static string Scratch(string name, ScratchTensor tensor, long extra = 0) =>
            $"B.Scratch(\"{name}\", {tensor.Constant}{(extra != 0 ? $" + {extra}" : "")})";
        public static string Parameters(string name, NetworkPlan net, StoredTensor tensor) => $"B.Parameters(\"{name}\", {Net(net)}, {tensor.Constant})";
        public static string Gradients(string name, NetworkPlan net, StoredTensor tensor) => $"B.Gradients(\"{name}\", {Net(net)}, {tensor.Constant})";
        public static string WholeBuffer(string factory, string name, NetworkPlan net) => factory == "Parameters" || factory == "Gradients"
            ? $"B.{factory}(\"{name}\", {Net(net)}, 0)"
            : $"B.{factory}(\"{name}\", {Net(net)})";
        public static string Statistics(string name, NetworkPlan net, StoredTensor tensor) => $"B.Statistics(\"{name}\", {Net(net)}, {tensor.Constant})";
        public static string Counter(string name, string counter) => $"B.Counter(\"{name}\", DeviceCounter.{counter})";
        public static string Loss(string name, string loss) => $"B.Loss(\"{name}\", DeviceLoss.{loss})";
        public static string Value(string name, string scalar) => $"B.Value(\"{name}\", DeviceScalar.{scalar})";
        public static string Value(string name, string scalar, NetworkPlan net) => $"B.Value(\"{name}\", DeviceScalar.{scalar}, {Net(net)})";
        public static string Batch => "B.BatchSize(\"n\")";
        public static string Dataset(string name) => $"B.Dataset(\"{name}\")";
        public static string Order(string name) => $"B.Order(\"{name}\")";

        public static string Net(NetworkPlan net) => "Net." + net.Net;
        public static string AdamCounter(NetworkPlan net) => net.Net + "AdamStep";
    }
}
