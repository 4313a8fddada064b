using System.Collections.Generic;
using System.Linq;
using Dcgan.Generators.Planning;

namespace Dcgan.Generators.Emit
{
    /// <summary>
    /// Writes one phase of a compiled step as a method that reads like llm.c's forward: the buffer pointers it needs, then
    /// each layer in a block of its own that binds its tensors to pointers named by their roles (x, weight, y, dy ...),
    /// once, and calls its kernels with them. Where a tensor takes over memory that others used earlier in the program,
    /// its binding says which; where the loss made a backward step unnecessary, the statement says so.
    /// </summary>
    internal static class PhaseRenderer
    {
        private static readonly (string Name, string Init)[] BufferLocals =
        {
            ("n", "int n = s.Batch;"),
            ("a", "float* a = s.Arena.Pointer;"),
            ("sc", "float* sc = s.Scratch.Pointer;"),
            ("gp", "float* gp = s.Generator.Parameters.Pointer;"),
            ("gg", "float* gg = s.Generator.Gradients.Pointer;"),
            ("gm", "float* gm = s.Generator.AdamM.Pointer;"),
            ("gv", "float* gv = s.Generator.AdamV.Pointer;"),
            ("gs", "float* gs = s.Generator.Statistics.Pointer;"),
            ("dp", "float* dp = s.Discriminator.Parameters.Pointer;"),
            ("dg", "float* dg = s.Discriminator.Gradients.Pointer;"),
            ("dm", "float* dm = s.Discriminator.AdamM.Pointer;"),
            ("dv", "float* dv = s.Discriminator.AdamV.Pointer;"),
            ("ds", "float* ds = s.Discriminator.Statistics.Pointer;"),
            ("cp", "float* cp = s.Network.Parameters.Pointer;"),
            ("cg", "float* cg = s.Network.Gradients.Pointer;"),
            ("cm", "float* cm = s.Network.AdamM.Pointer;"),
            ("cv", "float* cv = s.Network.AdamV.Pointer;"),
            ("cs", "float* cs = s.Network.Statistics.Pointer;"),
        };

        public static void Emit(IndentedWriter w, Phase phase, StepProgram program, string stateType)
        {
            w.Line();
            w.Line($"/// <summary>{System.Security.SecurityElement.Escape(phase.Summary)}</summary>");
            w.Open($"private static unsafe void {phase.Method}({stateType} s)");
            var used = new HashSet<string>(phase.Statements.SelectMany(CpuStepRenderer.Locals));
            foreach (var local in BufferLocals)
                if (used.Contains(local.Name))
                    w.Line(local.Init);

            int index = program.Phases.TakeWhile(p => p != phase).Sum(p => p.Statements.Count);
            var statements = phase.Statements;
            for (int i = 0; i < statements.Count;)
            {
                int end = i + 1;
                while (end < statements.Count && statements[i].Layer is not null && statements[end].Layer == statements[i].Layer) end++;
                EmitGroup(w, statements.Skip(i).Take(end - i).ToList(), index + i, program);
                i = end;
            }
            w.Close();
        }

        /// <summary>One layer's statements (or one statement of no layer), its tensors bound in a block where it has any.</summary>
        private static void EmitGroup(IndentedWriter w, List<Statement> group, int firstIndex, StepProgram program)
        {
            var bindings = new List<(string Expression, string Name, Operand Operand)>();
            foreach (var statement in group)
                foreach (var operand in statement.Operands.Where(o => CpuStepRenderer.IsBindable(o.Value)))
                {
                    string expression = operand.Value.CpuExpression;
                    if (bindings.Any(b => b.Expression == expression)) continue;
                    string name = operand.Key;
                    for (int suffix = 2; bindings.Any(b => b.Name == name); suffix++) name = $"{operand.Key}{suffix}";
                    bindings.Add((expression, name, operand.Value));
                }
            string? Local(Operand operand) => bindings.FirstOrDefault(b => b.Expression == operand.CpuExpression).Name;

            bool several = group.Count > 1;
            w.Line($"// {(several ? group[0].Heading : group[0].Comment)}");
            if (bindings.Count == 0)
            {
                foreach (var statement in group) EmitStatement(w, statement, several, null);
                return;
            }
            w.OpenBlock();
            foreach (var binding in bindings)
            {
                string line = $"float* {binding.Name} = {binding.Expression};";
                string? shared = binding.Operand.Kind == OperandKind.Arena ? SharedMemory(binding.Operand.Arena!, firstIndex, firstIndex + group.Count - 1, program) : null;
                w.Line(shared is null ? line : $"{line} // {shared}");
            }
            foreach (var statement in group) EmitStatement(w, statement, several, Local);
            w.Close();
        }

        private static void EmitStatement(IndentedWriter w, Statement statement, bool withComment, System.Func<Operand, string?>? local)
        {
            if (withComment) w.Line($"// {statement.Comment}");
            foreach (var note in statement.Notes) w.Line($"// ({note})");
            w.Line(CpuStepRenderer.Line(statement, local));
        }

        /// <summary>
        /// Where <paramref name="tensor"/>'s life starts in these statements: the tensors of the program whose memory it
        /// takes over (they overlap it in the arena and their last use came before), as a note; null when there are none.
        /// </summary>
        private static string? SharedMemory(ArenaTensor tensor, int first, int last, StepProgram program)
        {
            if (tensor.Pinned || tensor.FirstUse < first || tensor.FirstUse > last) return null;
            var earlier = program.Tensors
                .Where(t => t != tensor && !t.Pinned && t.LastUse < tensor.FirstUse
                    && t.Offset < tensor.Offset + tensor.SizePerSample && tensor.Offset < t.Offset + t.SizePerSample)
                .Select(t => t.Name).ToList();
            if (earlier.Count == 0) return null;
            const int shown = 3;
            string names = string.Join(", ", earlier.Take(shown)) + (earlier.Count > shown ? $" and {earlier.Count - shown} more" : "");
            return $"reuses the memory of {names}, no longer live";
        }
    }
}
