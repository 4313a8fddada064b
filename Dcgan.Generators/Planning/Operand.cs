using System.Collections.Generic;
using Dcgan.Runtime;

namespace Dcgan.Generators.Planning
{
    /// <summary>Where an operand's memory is: which buffer of the step's state, or a value the run supplies.</summary>
    internal enum OperandKind
    {
        /// <summary>An activation-arena tensor (<see cref="ArenaTensor"/>), offset per sample times the batch.</summary>
        Arena,
        /// <summary>One stored tensor of a network's buffer (a weight in the parameters, its gradient, a running statistic).</summary>
        Stored,
        /// <summary>A network's whole buffer (every parameter for Adam, every gradient for a clear).</summary>
        WholeBuffer,
        /// <summary>A batch-independent scratch tensor (<see cref="ScratchTensor"/>), possibly past its start.</summary>
        Scratch,
        /// <summary>The batch size n.</summary>
        Batch,
        /// <summary>No tensor: the kernel skips that output.</summary>
        Null,
        /// <summary>A device counter (DeviceCounter): the step, the batch index, the latent counter, an Adam step.</summary>
        Counter,
        /// <summary>A loss scalar the device writes (DeviceLoss).</summary>
        Loss,
        /// <summary>A run setting the device reads (DeviceScalar): a target, the dropout rate, a network's Adam settings.</summary>
        Value,
        /// <summary>The dataset's 8-bit images on the device.</summary>
        Dataset,
        /// <summary>The epoch's order of the dataset.</summary>
        Order,
    }

    /// <summary>A network's buffers: parameters, their gradients and Adam moments (which mirror them), and running statistics.</summary>
    internal enum NetworkBuffer
    {
        Parameters,
        Gradients,
        AdamM,
        AdamV,
        Statistics,
    }

    /// <summary>
    /// One operand of a step's operation, bound to memory by what it is rather than as text. Both renderers read it:
    /// the CPU step writes it as a pointer expression (<see cref="CpuExpression"/>), the device program as a
    /// <c>DeviceBinding</c> (<see cref="DeviceBinding"/>) under the kernel parameter or library role it fills.
    /// </summary>
    internal sealed class Operand
    {
        private Operand(OperandKind kind) => Kind = kind;

        public OperandKind Kind { get; }
        public ArenaTensor? Arena { get; private set; }
        public ScratchTensor? ScratchTensor { get; private set; }
        /// <summary>Floats past the scratch tensor's start (the second half of the batch-norm sink).</summary>
        public long ScratchExtra { get; private set; }
        public NetworkPlan? Network { get; private set; }
        public NetworkBuffer Buffer { get; private set; }
        public StoredTensor? Stored { get; private set; }
        /// <summary>The DeviceCounter, DeviceLoss or DeviceScalar member of a Counter, Loss or Value operand.</summary>
        public string Member { get; private set; } = "";

        public static Operand Null { get; } = new Operand(OperandKind.Null);
        public static Operand Batch { get; } = new Operand(OperandKind.Batch);
        public static Operand Dataset { get; } = new Operand(OperandKind.Dataset);
        public static Operand Order { get; } = new Operand(OperandKind.Order);

        /// <summary>An arena tensor, or <see cref="Null"/> where there is none.</summary>
        public static Operand Of(ArenaTensor? tensor) => tensor is null ? Null : new Operand(OperandKind.Arena) { Arena = tensor };

        /// <summary>A stored tensor of <paramref name="net"/>'s <paramref name="buffer"/>, or <see cref="Null"/> where the layer has none.</summary>
        public static Operand Of(NetworkPlan net, NetworkBuffer buffer, StoredTensor? tensor) =>
            tensor is null ? Null : new Operand(OperandKind.Stored) { Network = net, Buffer = buffer, Stored = tensor };

        public static Operand Whole(NetworkPlan net, NetworkBuffer buffer) => new Operand(OperandKind.WholeBuffer) { Network = net, Buffer = buffer };
        public static Operand Of(ScratchTensor tensor, long extra = 0) => new Operand(OperandKind.Scratch) { ScratchTensor = tensor, ScratchExtra = extra };
        public static Operand Counter(string member) => new Operand(OperandKind.Counter) { Member = member };
        public static Operand Loss(string member) => new Operand(OperandKind.Loss) { Member = member };
        public static Operand Value(string member, NetworkPlan? net = null) => new Operand(OperandKind.Value) { Member = member, Network = net };

        /// <summary>The generated method's local that points at this operand's buffer: a, sc, or gp/dg/cs and so on.</summary>
        public string? BufferLocal => Kind switch
        {
            OperandKind.Arena => "a",
            OperandKind.Scratch => "sc",
            OperandKind.Stored or OperandKind.WholeBuffer => Network!.Prefix.ToLowerInvariant() + BufferLetter(Buffer),
            _ => null,
        };

        /// <summary>The locals the CPU expression reads (an arena offset scales with the batch n).</summary>
        public IEnumerable<string> Locals
        {
            get
            {
                if (BufferLocal is { } local) yield return local;
                if (Kind == OperandKind.Arena || Kind == OperandKind.Batch) yield return "n";
            }
        }

        /// <summary>The operand as the CPU step passes it to a kernel.</summary>
        public string CpuExpression => Kind switch
        {
            OperandKind.Arena => $"a + {Arena!.Constant} * n",
            OperandKind.Stored => $"{BufferLocal} + {Stored!.Constant}",
            OperandKind.WholeBuffer => BufferLocal!,
            OperandKind.Scratch => $"sc + {ScratchTensor!.Constant}" + (ScratchExtra != 0 ? $" + {ScratchExtra}" : ""),
            OperandKind.Batch => "n",
            OperandKind.Null => "null",
            _ => throw new System.InvalidOperationException($"a {Kind} operand has no CPU form: the CPU step reads the state for it"),
        };

        /// <summary>The generated <c>DeviceBinding</c> initialiser of this operand bound as <paramref name="parameter"/>.</summary>
        public string DeviceBinding(string parameter) => Kind switch
        {
            OperandKind.Arena => $"B.Arena(\"{parameter}\", {Arena!.Constant})",
            OperandKind.Stored => $"B.{Buffer}(\"{parameter}\", {NetName(Network!)}, {Stored!.Constant})",
            OperandKind.WholeBuffer => Buffer == NetworkBuffer.Parameters || Buffer == NetworkBuffer.Gradients
                ? $"B.{Buffer}(\"{parameter}\", {NetName(Network!)}, 0)"
                : $"B.{Buffer}(\"{parameter}\", {NetName(Network!)})",
            OperandKind.Scratch => $"B.Scratch(\"{parameter}\", {ScratchTensor!.Constant}{(ScratchExtra != 0 ? $" + {ScratchExtra}" : "")})",
            OperandKind.Batch => $"B.BatchSize(\"{parameter}\")",
            OperandKind.Counter => $"B.Counter(\"{parameter}\", DeviceCounter.{Member})",
            OperandKind.Loss => $"B.Loss(\"{parameter}\", DeviceLoss.{Member})",
            OperandKind.Value => Network is null
                ? $"B.Value(\"{parameter}\", DeviceScalar.{Member})"
                : $"B.Value(\"{parameter}\", DeviceScalar.{Member}, {NetName(Network)})",
            OperandKind.Dataset => $"B.Dataset(\"{parameter}\")",
            OperandKind.Order => $"B.Order(\"{parameter}\")",
            _ => throw new System.InvalidOperationException($"a {Kind} operand cannot be bound on the device"),
        };

        /// <summary>What the operand is, for a verify diagnostic.</summary>
        public override string ToString() => Kind switch
        {
            OperandKind.Arena => Arena!.Name,
            OperandKind.Stored => $"{Stored!.Name} ({Buffer})",
            OperandKind.WholeBuffer => $"{Network!.Prefix} {Buffer}",
            OperandKind.Scratch => ScratchTensor!.Name,
            _ => Member.Length > 0 ? $"{Kind} {Member}" : Kind.ToString(),
        };

        private static string BufferLetter(NetworkBuffer buffer) => buffer switch
        {
            NetworkBuffer.Parameters => "p",
            NetworkBuffer.Gradients => "g",
            NetworkBuffer.AdamM => "m",
            NetworkBuffer.AdamV => "v",
            _ => "s",
        };

        public static string NetName(NetworkPlan net) => nameof(Net) + "." + net.Net;
    }
}
