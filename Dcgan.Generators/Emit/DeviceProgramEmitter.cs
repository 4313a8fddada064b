using Dcgan.Generators.Planning;

namespace Dcgan.Generators.Emit
{
    /// <summary>
    /// Emits a program of a GAN (the training step, the data feed, sampling) as a device program: the operations each
    /// statement stands for, in the same order, as <c>DeviceOp</c> rows (kernel launches by table name, cuBLAS and cuDNN
    /// calls, clears) with every operand bound to a buffer and offset constant of the step's tables. Each row carries its
    /// statement's comment, under its phase's name; statements the host does (D's loss from its two terms) are comments.
    /// Written into the partial class of the kernel table, after the kernels' names are settled.
    /// </summary>
    internal static class DeviceProgramEmitter
    {
        /// <summary>
        /// <paramref name="program"/> as the static property <paramref name="name"/> (documented by <paramref name="summary"/>,
        /// XML doc text) over a nested table class, built on first use like the kernel table.
        /// </summary>
        public static void Emit(IndentedWriter w, string name, string summary, StepProgram program)
        {
            w.Line();
            w.Line($"/// <summary>{summary}</summary>");
            w.Line($"public static global::System.Collections.Generic.IReadOnlyList<DeviceOp> {name} => {name}Table.Ops;");
            w.Line();
            w.Open($"private static class {name}Table");
            w.Open("public static readonly DeviceOp[] Ops =");
            foreach (var phase in program.Phases)
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
