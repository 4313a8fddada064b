using System.Runtime.InteropServices;
using Dcgan.Runtime.Export.Onnx;
using Google.Protobuf;

namespace Dcgan.Runtime.Export;

/// <summary>
/// Writes a trained generator as an ONNX model (opset 17): one standard operator per declared layer,
/// walked from the layer table the source generator emitted, with the parameters and running
/// statistics as initializers. Batch norm is exported in eval mode and dropout or input noise as
/// the identity, as G samples by default. Input <c>z</c> [batch, latent...], output <c>image</c>
/// [batch, channels, height, width] in the model's pixel range (the <c>pixel_range</c> metadata).
/// </summary>
public static class OnnxExport
{
    public const int Opset = 17;
    /// <summary>ONNX IR version 8 goes with opset 17.</summary>
    private const long IrVersion = 8;
    public const string InputName = "z", OutputName = "image";

    /// <summary>The ONNX model of <paramref name="state"/>'s generator.</summary>
    public static byte[] Generator(GanState state, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var definition = state.Definition;
        var graph = new GraphProto { Name = $"{definition.Name}_generator" };
        graph.Input.Add(Value(InputName, definition.LatentShape));
        string current = InputName;
        var layers = definition.Layers.Where(l => l.Net == Net.Generator).ToList();
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            string output = i == layers.Count - 1 ? OutputName : $"G.{layer.Index}.out";
            var node = Node(layer, current, output, definition, state, graph);
            if (node is null)
            {
                // Dropout and noise are the identity at inference: the next node reads this one's input.
                if (i == layers.Count - 1) graph.Node.Add(Op("Identity", $"G.{layer.Index}", [current], output));
                else continue;
            }
            else graph.Node.Add(node);
            current = output;
        }
        graph.Output.Add(Value(OutputName, definition.ImageShape));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "dcgan",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "",
            DocString = $"The generator of {definition.Name}: z -> image, batch norm in eval mode.",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        var properties = new Dictionary<string, string>
        {
            ["model"] = definition.Name,
            ["pixel_range"] = definition.Pixels == PixelRange.ZeroOne ? "[0, 1]" : "[-1, 1]",
            ["latent_distribution"] = definition.LatentDistribution.ToString(),
        };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>()) properties[key] = value;
        foreach (var (key, value) in properties) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model.ToByteArray();
    }

    /// <summary>The node computing <paramref name="layer"/>, adding its parameters to the graph; null for a layer that is the identity at inference.</summary>
    private static NodeProto? Node(LayerSpec layer, string input, string output, GanDefinition definition, GanState state, GraphProto graph)
    {
        string name = $"G.{layer.Index}";
        string Parameter(TensorRole role)
        {
            var spec = definition.Tensors.Single(t => t.Net == Net.Generator && t.Layer == layer.Index && t.Role == role);
            graph.Initializer.Add(Tensor(spec.Name, spec.Shape, state.Tensor(spec).ToArray()));
            return spec.Name;
        }
        bool HasBias() => definition.Tensors.Any(t => t.Net == Net.Generator && t.Layer == layer.Index && t.Role == TensorRole.Bias);
        List<string> WeightAndBias() => HasBias() ? [input, Parameter(TensorRole.Weight), Parameter(TensorRole.Bias)] : [input, Parameter(TensorRole.Weight)];

        switch (layer.Op)
        {
            case LayerOp.Linear:
                return Op("Gemm", name, WeightAndBias(), output, Int("transB", 1));
            case LayerOp.Conv2d:
                return Op("Conv", name, WeightAndBias(), output,
                    Ints("kernel_shape", layer.Kernel, layer.Kernel), Ints("strides", layer.Stride, layer.Stride), Ints("pads", layer.Padding, layer.Padding, layer.Padding, layer.Padding));
            case LayerOp.ConvTranspose2d:
                return Op("ConvTranspose", name, WeightAndBias(), output,
                    Ints("kernel_shape", layer.Kernel, layer.Kernel), Ints("strides", layer.Stride, layer.Stride), Ints("pads", layer.Padding, layer.Padding, layer.Padding, layer.Padding),
                    Ints("output_padding", layer.OutputPadding, layer.OutputPadding));
            case LayerOp.BatchNorm:
                return Op("BatchNormalization", name,
                    [input, Parameter(TensorRole.BatchNormWeight), Parameter(TensorRole.BatchNormBias), Parameter(TensorRole.RunningMean), Parameter(TensorRole.RunningVar)],
                    output, Float("epsilon", layer.Eps));
            case LayerOp.LeakyRelu:
                return Op("LeakyRelu", name, [input], output, Float("alpha", layer.Slope));
            case LayerOp.Relu:
                return Op("Relu", name, [input], output);
            case LayerOp.Sigmoid:
                return Op("Sigmoid", name, [input], output);
            case LayerOp.Tanh:
                return Op("Tanh", name, [input], output);
            case LayerOp.Flatten:
                return Op("Flatten", name, [input], output, Int("axis", 1));
            case LayerOp.Reshape:
            {
                string shape = $"{name}.shape";
                graph.Initializer.Add(Int64Tensor(shape, [-1, .. layer.OutputShape.Select(d => (long)d)]));
                return Op("Reshape", name, [input, shape], output);
            }
            case LayerOp.Upsample:
            {
                string scales = $"{name}.scales";
                graph.Initializer.Add(Tensor(scales, [4], [1f, 1f, 2f, 2f]));
                // PyTorch's nearest picks floor(x / 2) (asymmetric); bilinear with align_corners=False samples at (x + 0.5) / 2 - 0.5.
                return layer.Upsample == UpsampleMode.Nearest
                    ? Op("Resize", name, [input, "", scales], output, Text("mode", "nearest"), Text("coordinate_transformation_mode", "asymmetric"), Text("nearest_mode", "floor"))
                    : Op("Resize", name, [input, "", scales], output, Text("mode", "linear"), Text("coordinate_transformation_mode", "pytorch_half_pixel"));
            }
            case LayerOp.Dropout:
            case LayerOp.GaussianNoise:
                return null;
            default:
                throw new DcganException($"layer G.{layer.Index} ({layer.Description}) has no ONNX export");
        }
    }

    private static NodeProto Op(string type, string name, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = type, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
    private static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };
    private static AttributeProto Text(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static TensorProto Tensor(string name, int[] shape, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.AddRange(shape.Select(d => (long)d));
        return tensor;
    }

    private static TensorProto Int64Tensor(string name, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    /// <summary>A float tensor input or output of the graph whose first dimension is the batch, named <c>batch</c>.</summary>
    private static ValueInfoProto Value(string name, int[] perSample)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (int d in perSample) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
