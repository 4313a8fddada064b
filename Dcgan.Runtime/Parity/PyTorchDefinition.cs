using System.Globalization;
using System.Text;

namespace Dcgan.Runtime.Parity;

/// <summary>
/// PyTorch's definition of a compiled GAN, in the form parity/reference.py's fixture writer takes (as
/// parity/dcgan64_reference.py writes one by hand): a Python file that loads reference.py from its own
/// directory, defines <c>NAME()</c> returning both networks as flat <c>nn.Sequential</c>s with this
/// project's layer indices (so "G.4.weight" names the same tensor on both sides), the recipe, loss, data
/// range, latent distribution, initialisation and hyperparameters, and registers it in reference.py's zoo.
/// Module classes, order and constructor arguments are exactly reference.py's, because building the
/// modules consumes torch's random stream before the fixture draws its inputs.
/// </summary>
public static class PyTorchDefinition
{
    public const string ReferenceFileName = "reference.py";

    /// <summary>This build's copy of parity/reference.py, byte for byte (an embedded resource).</summary>
    public static byte[] ReferenceScript()
    {
        using var stream = typeof(PyTorchDefinition).Assembly.GetManifestResourceStream("parity/reference.py")
            ?? throw new DcganException("this build carries no parity/reference.py (the embedded resource is missing)");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The file name of <paramref name="definition"/>'s Python definition: NAME.py.</summary>
    public static string FileName(GanDefinition definition) => FunctionName(definition) + ".py";

    /// <summary>The Python text of <paramref name="definition"/>; throws where reference.py cannot express the model.</summary>
    public static string Render(GanDefinition definition)
    {
        string name = FunctionName(definition);
        var w = new StringBuilder();
        void Line(string text = "") => w.Append(text).Append('\n');

        Line($"\"\"\"PyTorch's definition of {name}, written by `dcgan-cli reference` from the model as dcgan compiled it,");
        Line("registered in reference.py's zoo so that its fixture writer, recipes and losses are the ones used.");
        Line();
        Line($"    /usr/bin/python3 {name}.py OUT_DIR [reference.py arguments, e.g. --batch 3 --steps 2 --seed 1]");
        Line();
        Line($"writes OUT_DIR/{name}.safetensors (FORMAT.md), which `dcgan-cli parity OUT_DIR/{name}.safetensors` checks.");
        Line("\"\"\"");
        Line("import importlib.util");
        Line("import os");
        Line("import sys");
        Line();
        Line("from torch import nn");
        Line();
        Line("here = os.path.dirname(os.path.abspath(__file__))");
        Line("spec = importlib.util.spec_from_file_location(\"reference\", os.path.join(here, \"reference.py\"))");
        Line("R = importlib.util.module_from_spec(spec)");
        Line("spec.loader.exec_module(R)");
        Line();
        Line();
        Line($"def {name}():");
        foreach (var (net, letter) in new[] { (Net.Generator, "G"), (Net.Discriminator, "D") })
        {
            var layers = definition.Layers.Where(l => l.Net == net).OrderBy(l => l.Index).ToList();
            for (int i = 0; i < layers.Count; i++)
                if (layers[i].Index != i)
                    throw new DcganException($"{definition.Name}: {letter}'s layers are not numbered 0..{layers.Count - 1} (layer {i} is {layers[i].Index})");
            Line($"    {letter} = nn.Sequential(");
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                Line($"        {Module(definition, layer)}{(i < layers.Count - 1 ? "," : ")")}  # {letter}.{layer.Index} {layer.Block}");
            }
        }
        var (g, d) = (definition.GeneratorAdam, definition.DiscriminatorAdam);
        if (g.Beta1 != d.Beta1 || g.Beta2 != d.Beta2 || g.Eps != d.Eps || g.WeightDecay != d.WeightDecay)
            throw new DcganException($"{definition.Name}: reference.py's hyperparameters give both networks one beta1, beta2, eps and weight decay; "
                + $"this model's generator has ({g.Beta1}, {g.Beta2}, {g.Eps}, {g.WeightDecay}) and its discriminator ({d.Beta1}, {d.Beta2}, {d.Eps}, {d.WeightDecay})");
        Line("    # dcgan declares no epoch count (how long to train is the train command's choice), so epochs is None:");
        Line("    # reference.py's fixture writer does not read it.");
        Line($"    return dict(G=G, D=D, latent={Ints(definition.LatentShape)}, image={Ints(definition.ImageShape)}, "
            + $"d_out=\"{DOut(definition.Loss)}\", data_range=\"{DataRange(definition.Pixels)}\",");
        Line($"                recipe=\"{Recipe(definition.Recipe)}\", init=\"{Init(definition.Init)}\",");
        Line($"                hyper=dict(g_lr={Float(g.LearningRate)}, d_lr={Float(d.LearningRate)}, beta1={Float(g.Beta1)}, beta2={Float(g.Beta2)}, "
            + $"eps={Float(g.Eps)}, weight_decay={Float(g.WeightDecay)},");
        Line($"                           label_smoothing={Float(definition.LabelSmoothing)}, dropout={Float(definition.DropoutRate)}, "
            + $"input_noise={Float(definition.InputNoise)}, batch={definition.DefaultBatch}, epochs=None,");
        Line($"                           latent_dist=\"{Latent(definition.LatentDistribution)}\"))");
        Line();
        Line();
        Line($"R.ZOO[\"{name}\"] = {name}");
        Line("REFERENCE = R  # for parity/noise_floor.py, which patches reference.py's own functions");
        Line();
        Line("if __name__ == \"__main__\":");
        Line("    if not any(a.startswith(\"--models\") for a in sys.argv):");
        Line($"        sys.argv += [\"--models\", \"{name}\"]");
        Line("    R.main()");
        return w.ToString();
    }

    /// <summary>One layer as reference.py constructs it.</summary>
    private static string Module(GanDefinition definition, LayerSpec layer)
    {
        var tensors = definition.Tensors.Where(t => t.Net == layer.Net && t.Layer == layer.Index).ToList();
        bool bias = tensors.Any(t => t.Role == TensorRole.Bias);
        string noBias = bias ? "" : ", bias=False";
        int[] input = layer.InputShape, output = layer.OutputShape;
        string where = $"{definition.Name} {(layer.Net == Net.Generator ? "G" : "D")}.{layer.Index} ({layer.Description})";
        void Weight(params int[] shape)
        {
            var weight = tensors.FirstOrDefault(t => t.Role == TensorRole.Weight)
                ?? throw new DcganException($"{where}: no weight tensor");
            if (!weight.Shape.SequenceEqual(shape))
                throw new DcganException($"{where}: weight {weight.ShapeText} is not PyTorch's [{string.Join(", ", shape)}]");
        }
        switch (layer.Op)
        {
            case LayerOp.Linear:
                Weight(output[0], input[0]);
                return $"nn.Linear({input[0]}, {output[0]}{noBias})";
            case LayerOp.Conv2d:
                Weight(output[0], input[0], layer.Kernel, layer.Kernel);
                return $"nn.Conv2d({input[0]}, {output[0]}, {layer.Kernel}, {layer.Stride}, {layer.Padding}{noBias})";
            case LayerOp.ConvTranspose2d:
                Weight(input[0], output[0], layer.Kernel, layer.Kernel);
                return $"nn.ConvTranspose2d({input[0]}, {output[0]}, {layer.Kernel}, {layer.Stride}, {layer.Padding}"
                    + (layer.OutputPadding != 0 ? $", output_padding={layer.OutputPadding}" : "") + $"{noBias})";
            case LayerOp.BatchNorm:
                bool defaults = layer.Eps == 1e-5f && layer.Momentum == 0.1f;
                return input.Length switch
                {
                    1 => defaults ? $"nn.BatchNorm1d({input[0]})" : $"nn.BatchNorm1d({input[0]}, eps={Float(layer.Eps)}, momentum={Float(layer.Momentum)})",
                    3 => defaults ? $"R.bn2({input[0]})" : $"R.bn2({input[0]}, {Float(layer.Eps)}, {Float(layer.Momentum)})",
                    _ => throw new DcganException($"{where}: batch norm of a rank-{input.Length} input has no PyTorch module here"),
                };
            case LayerOp.LeakyRelu:
                return $"nn.LeakyReLU({Float(layer.Slope)})";
            case LayerOp.Relu:
                return "nn.ReLU()";
            case LayerOp.Sigmoid:
                return "nn.Sigmoid()";
            case LayerOp.Tanh:
                return "nn.Tanh()";
            case LayerOp.Flatten:
                return "nn.Flatten()";
            case LayerOp.Reshape:
                return $"R.Reshape({string.Join(", ", output)})";
            case LayerOp.Upsample:
                return layer.Upsample == UpsampleMode.Bilinear
                    ? $"nn.Upsample(scale_factor={layer.Scale}, mode=\"bilinear\", align_corners=False)"
                    : $"nn.Upsample(scale_factor={layer.Scale}, mode=\"nearest\")";
            case LayerOp.Dropout:
                return $"nn.Dropout({Float(layer.Rate)})";
            case LayerOp.GaussianNoise:
                return $"R.GaussianNoise({Float(layer.Rate)})";
            default:
                throw new DcganException($"{where}: no PyTorch module for {layer.Op}");
        }
    }

    /// <summary>The model's name, which names the Python function and file: it must be a Python identifier.</summary>
    private static string FunctionName(GanDefinition definition)
    {
        string name = definition.Name;
        bool identifier = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        return identifier ? name
            : throw new DcganException($"model name '{name}' is not a Python identifier, so reference.py's zoo cannot name it");
    }

    /// <summary>The shortest text that reads back as the same float32 value, in Python's syntax (0.0002, 1e-08, 0.0).</summary>
    internal static string Float(float value)
    {
        if (!float.IsFinite(value)) throw new DcganException($"{value} has no Python literal here");
        string text = value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        return text.Contains('.') || text.Contains('e') ? text : text + ".0";
    }

    private static string Ints(int[] values) => "[" + string.Join(", ", values) + "]";

    private static string DOut(GanLoss loss) => loss switch
    {
        GanLoss.BceWithLogits => "logits",
        GanLoss.Bce => "probs",
        _ => throw new DcganException($"loss {loss} has no reference.py name"),
    };

    private static string DataRange(PixelRange pixels) => pixels switch
    {
        PixelRange.ZeroOne => "0,1",
        PixelRange.MinusOneOne => "-1,1",
        _ => throw new DcganException($"pixel range {pixels} has no reference.py name"),
    };

    private static string Recipe(GanRecipe recipe) => recipe switch
    {
        GanRecipe.Standard => "standard",
        GanRecipe.FreshFakeEvalG => "fresh_fake_eval_g",
        GanRecipe.Averaged => "averaged",
        GanRecipe.GFirst => "g_first",
        _ => throw new DcganException($"recipe {recipe} has no reference.py name"),
    };

    private static string Init(InitScheme init) => init switch
    {
        InitScheme.PyTorchDefault => "default",
        InitScheme.DcganNormal => "dcgan_normal",
        InitScheme.GlorotUniform => "glorot_uniform",
        _ => throw new DcganException($"initialisation {init} has no reference.py name"),
    };

    private static string Latent(LatentDistribution distribution) => distribution switch
    {
        LatentDistribution.Normal => "normal",
        LatentDistribution.Uniform => "uniform",
        _ => throw new DcganException($"latent distribution {distribution} has no reference.py name"),
    };
}
