using Dcgan.Generators.Planning;

namespace Dcgan.Generators.Emit
{
    /// <summary>
    /// Emits a GAN's training step as a device program: the operations each statement of the C# step stands for, in the
    /// same order, as <c>DeviceOp</c> rows (kernel launches by table name, cuBLAS and cuDNN calls, clears) with every
    /// operand bound to a buffer and offset constant of the step's tables. Each row carries its statement's comment; statements the
    /// host does (D's loss from its two terms) are comments. Written into the partial class of the kernel table, after the kernels' names are settled.
    /// </summary>
    internal static class DeviceProgramEmitter
    {
        public static void Emit(IndentedWriter w, StepProgram train)
        {
            w.Line();
            w.Line("/// <summary>The training step on the GPU, in order (see <see cref=\"DeviceOp\"/>): what each statement of TrainStep does there.</summary>");
            w.Line("public static global::System.Collections.Generic.IReadOnlyList<DeviceOp> DeviceProgram => DeviceProgramTable.Ops;");
            w.Line();
            w.Open("private static class DeviceProgramTable");
            w.Open("public static readonly DeviceOp[] Ops =");
            foreach (var phase in train.Phases)
            {
                w.Line($"// ----- {phase.Method} -----");
                foreach (var statement in phase.Statements)
                {
                    if (statement.OnHost)
                    {
                        w.Line($"// {statement.Comment}: on the host, from the loss buffer");
                        continue;
                    }
                    // A statement the walk gave no device form would leave the program short of the CPU step: fail the build.
                    if (statement.Device.Count == 0)
                        w.Line($"#error the statement \"{statement.Comment}\" has no device form");
                    string comment = "\"" + statement.Comment.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
                    foreach (var step in statement.Device)
                        w.Line(step.Code(comment) + ",");
                }
            }
            w.Close(";");
            w.Close();
        }
    }
}
