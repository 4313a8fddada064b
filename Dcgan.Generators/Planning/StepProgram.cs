using System.Collections.Generic;
using System.Linq;

namespace Dcgan.Generators.Planning
{
    /// <summary>A tensor in the activation arena, sized per sample; the memory planner gives it an offset.</summary>
    internal sealed class ArenaTensor
    {
        public ArenaTensor(string name, long sizePerSample, string comment)
        {
            Name = name;
            SizePerSample = sizePerSample;
            Comment = comment;
        }

        public string Name { get; }
        public long SizePerSample { get; }
        public string Comment { get; }
        /// <summary>Inputs the caller writes and outputs it reads: live for the whole step.</summary>
        public bool Pinned { get; set; }
        public int FirstUse { get; set; } = -1;
        public int LastUse { get; set; } = -1;
        public long Offset { get; set; } = -1;
        public string Constant => "A_" + Name;
    }

    /// <summary>A batch-independent scratch tensor (batch-norm statistics saved for the backward pass, a split reduction's partial sums, Adam's bias corrections).</summary>
    internal sealed class ScratchTensor
    {
        public ScratchTensor(string name, long size, long offset, bool deviceOnly = false)
        {
            Name = name;
            Size = size;
            Offset = offset;
            DeviceOnly = deviceOnly;
        }

        public string Name { get; }
        public long Size { get; }
        /// <summary>Fixed at creation for the CPU step's scratch; for device-only scratch, by ScratchLayout once the programs are built.</summary>
        public long Offset { get; set; }
        /// <summary>Written by device programs only (a split reduction's partial sums, Adam's bias corrections): laid out after the rest.</summary>
        public bool DeviceOnly { get; }
        public string Constant => "S_" + Name;
    }

    /// <summary>
    /// One operation of a step, typed: its op code (whose <see cref="OpTable"/> row gives its CPU kernel and argument
    /// order), its operands and attributes by role, its FLOPs, and what it does on the device. The renderers write it as a
    /// line of the CPU step and as rows of the device program; neither holds code.
    /// </summary>
    internal sealed class Statement
    {
        public Statement(string comment, OpCode code)
        {
            Comment = comment;
            Code = code;
        }

        public string Comment { get; }
        public OpCode Code { get; }
        public OpRow Row => OpTable.For(Code);
        /// <summary>The CPU call's tensor operands by role, in the order they were bound.</summary>
        public List<KeyValuePair<string, Operand>> Operands { get; } = new List<KeyValuePair<string, Operand>>();
        /// <summary>The CPU call's other arguments by role.</summary>
        public List<KeyValuePair<string, OpAttribute>> Attributes { get; } = new List<KeyValuePair<string, OpAttribute>>();
        public long FlopsPerSample { get; set; }
        /// <summary>The layer and direction the statement serves (a pass's op, forward or backward), which groups its statements under one heading.</summary>
        public string? Layer { get; set; }
        /// <summary>The heading of the statement's layer group ("D.6 Linear(1) + D.7 Sigmoid backward").</summary>
        public string? Heading { get; set; }
        /// <summary>What a reader should know that the call does not show (a backward step the loss made unnecessary).</summary>
        public List<string> Notes { get; } = new List<string>();
        /// <summary>The CUDA kernels this statement launches beside cuBLAS and cuDNN, in order.</summary>
        public List<DeviceKernel> Kernels { get; } = new List<DeviceKernel>();

        /// <summary>What the statement does on the GPU, in order: its kernel launches, cuBLAS and cuDNN calls and clears.</summary>
        public List<DeviceStep> Device { get; } = new List<DeviceStep>();
        /// <summary>A statement done by the host from what the device wrote (D's loss from its two terms).</summary>
        public bool OnHost => Code == OpCode.SumDiscriminatorLoss;

        /// <summary>The arena tensors the statement reads or writes, on the CPU or the device: what its lifetimes are made of.</summary>
        public IEnumerable<ArenaTensor> Uses => Operands.Select(o => o.Value)
            .Concat(Device.SelectMany(d => d.Operands.Select(o => o.Value)))
            .Where(o => o.Kind == OperandKind.Arena).Select(o => o.Arena!).Distinct();

        /// <summary>Binds <paramref name="role"/> to an <see cref="Operand"/> or an <see cref="OpAttribute"/>.</summary>
        public Statement Bind(string role, object value)
        {
            if (value is Operand operand) Operands.Add(new KeyValuePair<string, Operand>(role, operand));
            else if (value is OpAttribute attribute) Attributes.Add(new KeyValuePair<string, OpAttribute>(role, attribute));
            else throw new System.ArgumentException($"{Code}: {role} is bound to a {value?.GetType().Name ?? "null"}, not an operand or attribute");
            return this;
        }

        /// <summary>Records the CUDA kernels the statement launches without a device program (a classifier's).</summary>
        public Statement Launches(params DeviceKernel?[] kernels)
        {
            foreach (var kernel in kernels)
                if (kernel is not null) Kernels.Add(kernel);
            return this;
        }

        /// <summary>Launches <paramref name="kernel"/> (unless null) with its C parameters filled by <paramref name="operands"/> in order.</summary>
        public Statement Launch(DeviceKernel? kernel, params Operand[] operands)
        {
            if (kernel is null) return this;
            Kernels.Add(kernel);
            Device.Add(DeviceStep.Launch(kernel, operands));
            return this;
        }

        /// <summary>A cuBLAS or cuDNN call or a clear, each operand under its role.</summary>
        public Statement Call(LibraryCall call, params (string Role, Operand Operand)[] operands)
        {
            Device.Add(DeviceStep.Call(call, operands));
            return this;
        }
    }

    /// <summary>A named part of the step (a forward pass, a loss, an optimizer update): one generated method.</summary>
    internal sealed class Phase
    {
        public Phase(string method, string summary)
        {
            Method = method;
            Summary = summary;
        }

        public string Method { get; }
        public string Summary { get; }
        public List<Statement> Statements { get; } = new List<Statement>();
    }

    /// <summary>A sequence of phases that runs as one public method (the training step, or sampling).</summary>
    internal sealed class StepProgram
    {
        public List<Phase> Phases { get; } = new List<Phase>();
        public List<ArenaTensor> Tensors { get; } = new List<ArenaTensor>();

        /// <summary>This (first) program's pinned slots, made live through every later program that plans around them.</summary>
        public List<ArenaTensor> PinnedForLaterPrograms()
        {
            var pinned = Tensors.Where(t => t.Pinned).ToList();
            foreach (var t in pinned)
            {
                t.FirstUse = 0;
                t.LastUse = int.MaxValue;
            }
            return pinned;
        }

        /// <summary>Offsets for this program's own tensors, sharing the arena around <paramref name="pinned"/>; returns the floats per sample it needs.</summary>
        public long PlanAround(IReadOnlyList<ArenaTensor> pinned)
        {
            ComputeLifetimes();
            return MemoryPlanner.Plan(Tensors.Where(t => !t.Pinned), pinned);
        }

        /// <summary>Numbers every statement in order and records each tensor's first and last use; pinned tensors span the whole program.</summary>
        public int ComputeLifetimes()
        {
            int index = 0;
            foreach (var phase in Phases)
                foreach (var statement in phase.Statements)
                {
                    foreach (var tensor in statement.Uses)
                    {
                        // Pinned slots live through every program (a later program must not reuse an input it was given).
                        if (tensor.Pinned) continue;
                        if (tensor.FirstUse < 0) tensor.FirstUse = index;
                        tensor.LastUse = index;
                    }
                    index++;
                }
            foreach (var tensor in Tensors)
                if (tensor.Pinned || tensor.FirstUse < 0)
                {
                    tensor.FirstUse = 0;
                    tensor.LastUse = index;
                }
            return index;
        }
    }
}
