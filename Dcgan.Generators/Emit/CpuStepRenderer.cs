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
        public static string Line(Statement statement)
        {
            var row = statement.Row;
            switch (statement.Code)
            {
                case OpCode.SumDiscriminatorLoss:
                {
                    string sum = $"{Argument(statement, "real")} + {Argument(statement, "fake")}";
                    bool average = statement.Attributes.Single(a => a.Key == "average").Value.Number != 0;
                    return $"{Argument(statement, "result")} = {(average ? $"({sum}) / 2f" : sum)};";
                }
                case OpCode.AdvanceStep:
                    return $"{Argument(statement, "step")}++;";
                case OpCode.AdamStep:
                {
                    // The network's Adam settings and step count, read through one local.
                    var arguments = row.CpuArguments.Select(role => Argument(statement, role)).ToList();
                    string network = arguments[arguments.Count - 1].Substring(2, arguments[arguments.Count - 1].LastIndexOf('.') - 2);
                    var call = arguments.Take(5).Concat(new[] { "h.LearningRate", "h.Beta1", "h.Beta2", "h.Eps", "h.WeightDecay", "net.AdamStep" });
                    return $"{{ var net = s.{network}; var h = net.Adam; net.AdamStep++; K.AdamStep({string.Join(", ", call)}); }}";
                }
            }
            if (row.CpuKernel is null)
                throw new System.InvalidOperationException($"{statement.Code} has no CPU form (\"{statement.Comment}\")");
            var roles = row.AssignsResult ? row.CpuArguments.Skip(1) : row.CpuArguments;
            string text = $"K.{row.CpuKernel}({string.Join(", ", roles.Select(role => Argument(statement, role)))});";
            return row.AssignsResult ? $"{Argument(statement, row.CpuArguments[0])} = {text}" : text;
        }

        /// <summary>The generated method's locals the statement's line reads (a, n, sc, gp ...).</summary>
        public static IEnumerable<string> Locals(Statement statement) =>
            statement.Operands.SelectMany(o => o.Value.Locals).Concat(statement.Attributes.SelectMany(a => a.Value.Locals));

        private static string Argument(Statement statement, string role)
        {
            foreach (var operand in statement.Operands)
                if (operand.Key == role) return operand.Value.CpuExpression;
            foreach (var attribute in statement.Attributes)
                if (attribute.Key == role) return attribute.Value.CpuExpression;
            throw new System.InvalidOperationException($"{statement.Code} (\"{statement.Comment}\") binds no {role}");
        }
    }
}
