using System.Collections.Generic;
using System.Linq;
using Dcgan.Generators.Model;
using Dcgan.Runtime;

namespace Dcgan.Generators.Planning
{
    /// <summary>A layer with the shapes shape inference gave it (per sample, batch dimension left out).</summary>
    internal sealed class LayerPlan
    {
        public LayerPlan(LayerModel layer, int[] input, int[] output, string description)
        {
            Layer = layer;
            Input = input;
            Output = output;
            Description = description;
        }

        public LayerModel Layer { get; }
        public int[] Input { get; }
        public int[] Output { get; }
        public string Description { get; }
        public long Parameters { get; set; }
    }

    /// <summary>A parameter or running statistic with its fixed offset in the network's buffer.</summary>
    internal sealed class StoredTensor
    {
        public StoredTensor(string name, int layer, TensorRole role, int[] shape, long offset, int fanIn)
        {
            Name = name;
            Layer = layer;
            Role = role;
            Shape = shape;
            Offset = offset;
            FanIn = fanIn;
        }

        public string Name { get; }
        public int Layer { get; }
        public TensorRole Role { get; }
        public int[] Shape { get; }
        public long Offset { get; }
        public int FanIn { get; }
        public long Length => Shape.Aggregate(1L, (a, d) => a * d);
        public bool IsStatistic => Role == TensorRole.RunningMean || Role == TensorRole.RunningVar;
        /// <summary>The C# constant that holds the offset: G.4.weight -> G_4_weight.</summary>
        public string Constant => Name.Replace('.', '_');
    }

    internal enum OpKind
    {
        Linear,
        Conv2d,
        ConvTranspose2d,
        BatchNorm,
        Activation,
        Upsample,
        Dropout,
        GaussianNoise,
    }

    /// <summary>
    /// One kernel call of a forward pass: a layer with the layers fused into it (the activation
    /// after a linear, convolution or batch norm; views cost nothing and vanish).
    /// </summary>
    internal sealed class Op
    {
        public OpKind Kind { get; set; }
        /// <summary>The layer that names the op (the linear, conv or batch norm; the activation if alone).</summary>
        public LayerPlan Primary { get; set; } = null!;
        /// <summary>The last layer whose output this op's output is (its activation, if fused).</summary>
        public int OutputLayer { get; set; }
        public int[] Input { get; set; } = new int[0];
        public int[] Output { get; set; } = new int[0];
        public long InputSize => Input.Aggregate(1L, (a, d) => a * d);
        public long OutputSize => Output.Aggregate(1L, (a, d) => a * d);
        public Activation Activation { get; set; } = Activation.None;
        public float Slope { get; set; }
        public StoredTensor? Weight { get; set; }
        public StoredTensor? Bias { get; set; }
        public StoredTensor? RunningMean { get; set; }
        public StoredTensor? RunningVar { get; set; }
        public string Description { get; set; } = "";
    }

    /// <summary>Everything planned for one network: layers with shapes, stored tensors, fused ops.</summary>
    internal sealed class NetworkPlan
    {
        public NetworkPlan(NetworkModel model)
        {
            Model = model;
        }

        public NetworkModel Model { get; }
        /// <summary>Which network this is: the generator, the discriminator or a classifier.</summary>
        public Net Net => Model.Net;
        /// <summary>"G", "D" or "C" (the network's initial): the prefix of stored tensor names and of generated identifiers.</summary>
        public string Prefix => Net.ToString().Substring(0, 1);
        public List<LayerPlan> Layers { get; } = new List<LayerPlan>();
        public List<StoredTensor> Tensors { get; } = new List<StoredTensor>();
        public List<Op> Ops { get; } = new List<Op>();
        public List<DiagnosticInfo> Diagnostics { get; } = new List<DiagnosticInfo>();
        public long ParameterFloats { get; set; }
        public long StatisticFloats { get; set; }
        public int[] Input => Model.InputShape.ToArray();
        public int[] Output => Layers.Count == 0 ? Input : Layers[Layers.Count - 1].Output;
        public bool HasErrors => Diagnostics.Count > 0;
    }

    internal static class ShapeText
    {
        public static string Of(int[] shape) => "[" + string.Join(", ", shape) + "]";
        public static long Size(int[] shape) => shape.Aggregate(1L, (a, d) => a * d);
    }
}
