using System.Collections.Generic;
using System.Linq;
using Dcgan.Generators.Planning;

namespace Dcgan.Generators.Emit
{
    /// <summary>
    /// Writes a statement as its line of the CPU step: the CpuKernels call its <see cref="OpTable"/> row names, with the
    /// row's arguments in order, each the rendering of the operand or attribute bound to that role.
    /// </summary>
    internal static class CpuStepRenderer
    {
        /// <summary>The statement's line; <paramref name="local"/> names the pointer locals its tensor operands are bound to, where it has them.</summary>
        public static string Line(Statement statement, System.Func<Operand, string?>? local = null)
        {
            var row = statement.Row;
            switch (statement.Code)
            {
                case OpCode.SumDiscriminatorLoss:
                {
                    string sum = $"{Argument(statement, "real", local)} + {Argument(statement, "fake", local)}";
                    bool average = statement.Attributes.Single(a => a.Key == "average").Value.Number != 0;
                    return $"{Argument(statement, "result", local)} = {(average ? $"({sum}) / 2f" : sum)};";
                }
                case OpCode.AdvanceStep:
                    return $"{Argument(statement, "step", local)}++;";
            }
            if (row.CpuKernel is null)
                throw new System.InvalidOperationException($"{statement.Code} has no CPU form (\"{statement.Comment}\")");
            var roles = row.AssignsResult ? row.CpuArguments.Skip(1) : row.CpuArguments;
            string text = $"K.{row.CpuKernel}({string.Join(", ", roles.Select(role => Argument(statement, role, local)))});";
            return row.AssignsResult ? $"{Argument(statement, row.CpuArguments[0], local)} = {text}" : text;
        }

        /// <summary>The generated method's locals the statement's line reads (a, n, sc, gp ...).</summary>
        public static IEnumerable<string> Locals(Statement statement) =>
            statement.Operands.SelectMany(o => o.Value.Locals).Concat(statement.Attributes.SelectMany(a => a.Value.Locals));

        /// <summary>Whether an operand is a pointer into one tensor, which the step binds to a local named by its role.</summary>
        public static bool IsBindable(Operand operand) => operand.Kind is OperandKind.Arena or OperandKind.Stored or OperandKind.Scratch;

        private static string Argument(Statement statement, string role, System.Func<Operand, string?>? local)
        {
            foreach (var operand in statement.Operands)
                if (operand.Key == role) return (IsBindable(operand.Value) ? local?.Invoke(operand.Value) : null) ?? operand.Value.CpuExpression;
            foreach (var attribute in statement.Attributes)
                if (attribute.Key == role) return attribute.Value.CpuExpression;
            throw new System.InvalidOperationException($"{statement.Code} (\"{statement.Comment}\") binds no {role}");
        }
    }
}
