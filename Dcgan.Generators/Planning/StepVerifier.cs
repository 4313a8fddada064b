using System.Collections.Generic;
using System.Linq;
using Dcgan.Generators.Model;
using Dcgan.Runtime;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// The verify passes. After planning ops: each statement binds exactly the roles of its <see cref="OpTable"/> row,
    /// its device steps are of the kinds the row allows, each launch fills its kernel's C parameters with operands of a
    /// fitting kind, each library call binds its roles, and no two different kernels share a name. After planning memory:
    /// every tensor a statement uses has an offset inside the arena and a lifetime that starts before it ends, no two
    /// tensors live at once overlap, and the scratch tensors lie apart inside the scratch. A finding is a DCGAN010 build
    /// diagnostic naming the statement or tensors, never a wrong step.
    /// </summary>
    internal static class StepVerifier
    {
        public static void VerifyOps(IEnumerable<StepProgram> programs, IReadOnlyList<DeviceKernel> kernels, List<DiagnosticInfo> diagnostics, LocationInfo? location)
        {
            var problems = new List<string>();
            foreach (var program in programs)
                foreach (var phase in program.Phases)
                    foreach (var statement in phase.Statements)
                        CheckStatement($"{phase.Method}: \"{statement.Comment}\"", statement, problems);
            foreach (var group in kernels.GroupBy(k => k.Name).Where(g => g.Count() > 1))
                problems.Add($"{group.Count()} different kernels are named {group.Key}");
            Report(problems, diagnostics, location);
        }

        public static void VerifyMemory(IEnumerable<StepProgram> programs, long arenaFloatsPerSample, IReadOnlyList<ScratchTensor> scratch, long scratchFloats,
            List<DiagnosticInfo> diagnostics, LocationInfo? location)
        {
            var problems = new List<string>();
            var all = programs.ToList();
            var pinned = all.Count > 0 ? all[0].Tensors.Where(t => t.Pinned).ToList() : new List<ArenaTensor>();
            for (int p = 0; p < all.Count; p++)
            {
                var program = all[p];
                // A later program's own tensors share the arena with the first's pinned slots.
                var live = (p == 0 ? program.Tensors : program.Tensors.Where(t => !t.Pinned).Concat(pinned)).Distinct().ToList();
                foreach (var statement in program.Phases.SelectMany(ph => ph.Statements))
                    foreach (var tensor in statement.Uses)
                        if (!live.Contains(tensor))
                            problems.Add($"\"{statement.Comment}\" uses {tensor.Name}, which its program does not plan");
                foreach (var tensor in live)
                {
                    if (tensor.Offset < 0) problems.Add($"{tensor.Name} has no arena offset");
                    else if (tensor.Offset + MemoryPlanner.Round(tensor.SizePerSample) > arenaFloatsPerSample)
                        problems.Add($"{tensor.Name} ends at {tensor.Offset + tensor.SizePerSample} floats per sample, past the arena's {arenaFloatsPerSample}");
                    if (tensor.FirstUse > tensor.LastUse) problems.Add($"{tensor.Name} is last used (statement {tensor.LastUse}) before it is first used ({tensor.FirstUse})");
                }
                for (int i = 0; i < live.Count; i++)
                    for (int j = i + 1; j < live.Count; j++)
                    {
                        ArenaTensor a = live[i], b = live[j];
                        bool together = a.FirstUse <= b.LastUse && b.FirstUse <= a.LastUse;
                        bool overlap = a.Offset < b.Offset + b.SizePerSample && b.Offset < a.Offset + a.SizePerSample;
                        if (together && overlap)
                            problems.Add($"{a.Name} and {b.Name} are live at once (statements {System.Math.Max(a.FirstUse, b.FirstUse)}..{System.Math.Min(a.LastUse, b.LastUse)}) but overlap in the arena");
                    }
            }
            for (int i = 0; i < scratch.Count; i++)
            {
                var s = scratch[i];
                if (s.Offset < 0 || s.Offset + s.Size > scratchFloats) problems.Add($"scratch {s.Name} at {s.Offset} (+{s.Size}) is outside the scratch's {scratchFloats} floats");
                for (int j = i + 1; j < scratch.Count; j++)
                    if (s.Offset < scratch[j].Offset + scratch[j].Size && scratch[j].Offset < s.Offset + s.Size)
                        problems.Add($"scratch {s.Name} and {scratch[j].Name} overlap");
            }
            Report(problems, diagnostics, location);
        }

        private static void CheckStatement(string where, Statement statement, List<string> problems)
        {
            var row = statement.Row;
            var bound = statement.Operands.Select(o => o.Key).Concat(statement.Attributes.Select(a => a.Key)).ToList();
            foreach (var role in row.CpuArguments.Where(r => bound.Count(b => b == r) != 1))
                problems.Add($"{where}: {statement.Code} binds {role} {bound.Count(b => b == role)} times, not once");
            foreach (var role in bound.Where(b => !row.CpuArguments.Contains(b)).Distinct())
                problems.Add($"{where}: {statement.Code} has no role {role}");

            foreach (var step in statement.Device)
            {
                if (step.Kernel is { } kernel)
                {
                    if (!row.Kernels.Contains(kernel.Kind))
                        problems.Add($"{where}: {statement.Code} may not launch a {kernel.Kind} kernel ({kernel.Name})");
                    if (step.Operands.Count != kernel.Parameters.Count)
                        problems.Add($"{where}: {kernel.Name} takes {kernel.Parameters.Count} parameters but is launched with {step.Operands.Count} operands");
                    for (int i = 0; i < System.Math.Min(step.Operands.Count, kernel.Parameters.Count); i++)
                        if (!Fits(kernel.Parameters[i], step.Operands[i].Value))
                            problems.Add($"{where}: {kernel.Name}'s parameter {kernel.Parameters[i]} is given {step.Operands[i].Value}");
                }
                else
                {
                    var call = step.Library!;
                    if (row.Library != call.Kind)
                        problems.Add($"{where}: {statement.Code} may not make a {call.Kind} call");
                    var roles = step.Operands.Select(o => o.Key).ToList();
                    if (roles.Count != call.Roles.Length || call.Roles.Any(r => !roles.Contains(r)))
                        problems.Add($"{where}: the {call.Kind} call binds [{string.Join(", ", roles)}], not [{string.Join(", ", call.Roles)}]");
                    foreach (var operand in step.Operands.Where(o => !IsMemory(o.Value)))
                        problems.Add($"{where}: the {call.Kind} call's {operand.Key} is {operand.Value}, not memory");
                }
            }
        }

        /// <summary>Whether an operand can fill a C parameter: memory for a pointer, the batch for n, a run value for a scalar.</summary>
        private static bool Fits(CParameter parameter, Operand operand)
        {
            if (parameter.IsPointer) return IsMemory(operand) || operand.Kind is OperandKind.Counter or OperandKind.Loss or OperandKind.Dataset or OperandKind.Order;
            if (parameter.Type == KernelParameterType.Int) return operand.Kind == OperandKind.Batch;
            return operand.Kind == OperandKind.Value;
        }

        private static bool IsMemory(Operand operand) => operand.Kind is OperandKind.Arena or OperandKind.Stored or OperandKind.WholeBuffer or OperandKind.Scratch;

        private static void Report(List<string> problems, List<DiagnosticInfo> diagnostics, LocationInfo? location)
        {
            foreach (var problem in problems.Distinct())
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InconsistentPlan, location, problem));
        }
    }
}
