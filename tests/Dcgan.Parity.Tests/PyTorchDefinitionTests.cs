using System.Diagnostics;
using System.Text.Json;
using Dcgan.Models;
using Dcgan.Runtime;
using Dcgan.Runtime.IO;
using Dcgan.Runtime.Parity;

namespace Dcgan.Parity.Tests;

/// <summary>
/// PyTorchDefinition (what <c>dcgan-cli reference</c> writes): the emitted text of two models, and, with Debian's
/// PyTorch, that every zoo model's emitted definition makes the very fixture the repository's own definition makes.
/// </summary>
public sealed class PyTorchDefinitionTests
{
    private const string Python = "/usr/bin/python3";

    private static GanDefinition Model(string name) => GanZoo.Models.Single(m => m.Definition.Name == name).Definition;

    [Fact]
    public void The_embedded_reference_py_is_the_repository_file()
        => Assert.Equal(File.ReadAllBytes(Path.Combine(Paths.RepositoryRoot, "parity", "reference.py")), PyTorchDefinition.ReferenceScript());

    [Theory]
    [InlineData(2e-4f, "0.0002")]
    [InlineData(1e-8f, "1e-08")]
    [InlineData(1e-5f, "1e-05")]
    [InlineData(0.999f, "0.999")]
    [InlineData(0f, "0.0")]
    [InlineData(0.2f, "0.2")]
    [InlineData(3f, "3.0")]
    public void Floats_are_the_shortest_text_of_the_float32_value_in_Python_syntax(float value, string expected)
        => Assert.Equal(expected, PyTorchDefinition.Float(value));

    [Fact]
    public void Tf_dcgan_is_reference_py_s_modules_with_its_momentum_and_eps()
    {
        string text = PyTorchDefinition.Render(Model("tf_dcgan"));
        Assert.Contains("""
                def tf_dcgan():
                    G = nn.Sequential(
                        nn.ConvTranspose2d(100, 256, 7, 1, 0, bias=False),  # G.0 Project
                        R.bn2(256, 0.001, 0.01),  # G.1 Project
                        nn.LeakyReLU(0.2),  # G.2 Project
                        nn.ConvTranspose2d(256, 128, 5, 2, 2, output_padding=1, bias=False),  # G.3 Up14
                        R.bn2(128, 0.001, 0.01),  # G.4 Up14
                        nn.LeakyReLU(0.2),  # G.5 Up14
                        nn.ConvTranspose2d(128, 1, 5, 2, 2, output_padding=1),  # G.6 Up28
                        nn.Tanh())  # G.7 Up28
                    D = nn.Sequential(
                        nn.Conv2d(1, 128, 5, 2, 2, bias=False),  # D.0 Down14
                        R.bn2(128, 0.001, 0.01),  # D.1 Down14
                        nn.LeakyReLU(0.2),  # D.2 Down14
                        nn.Conv2d(128, 256, 5, 2, 2, bias=False),  # D.3 Down7
                        R.bn2(256, 0.001, 0.01),  # D.4 Down7
                        nn.LeakyReLU(0.2),  # D.5 Down7
                        nn.Conv2d(256, 1, 7, 1, 0),  # D.6 Score
                        nn.Sigmoid())  # D.7 Score
                """.ReplaceLineEndings("\n"), text);
        Assert.Contains("""
                    return dict(G=G, D=D, latent=[100, 1, 1], image=[1, 28, 28], d_out="probs", data_range="-1,1",
                                recipe="g_first", init="glorot_uniform",
                                hyper=dict(g_lr=0.0002, d_lr=0.0002, beta1=0.5, beta2=0.999, eps=1e-08, weight_decay=0.0,
                                           label_smoothing=0.0, dropout=0.0, input_noise=0.0, batch=128, epochs=None,
                                           latent_dist="uniform"))
                """.ReplaceLineEndings("\n"), text);
        Assert.Contains("R.ZOO[\"tf_dcgan\"] = tf_dcgan\nREFERENCE = R", text);
    }

    [Fact]
    public void Ganlab_has_reshape_upsample_noise_dropout_flatten_and_rank_one_batch_norm_comes_out_as_BatchNorm1d()
    {
        string ganlab = PyTorchDefinition.Render(Model("ganlab"));
        foreach (var line in new[]
        {
            "nn.Linear(100, 12544),  # G.0 Project",
            "R.Reshape(256, 7, 7),  # G.2 Unflatten",
            "nn.Upsample(scale_factor=2, mode=\"bilinear\", align_corners=False),  # G.3 Up14",
            "nn.Conv2d(128, 128, 3, 1, 1, bias=False),  # G.7 Refine14",
            "R.bn2(128),  # G.8 Refine14",
            "R.GaussianNoise(0.1),  # D.0 InputNoise",
            "nn.Conv2d(32, 32, 3, 2, 1),  # D.7 Block1Down",
            "nn.Dropout(0.5),  # D.9 Block1Down",
            "nn.Flatten(),  # D.28 Flat",
            "nn.Linear(1536, 1))  # D.29 Score",
            "label_smoothing=0.2, dropout=0.5, input_noise=0.1, batch=256, epochs=None,",
        })
            Assert.Contains(line, ganlab);
        string fc = PyTorchDefinition.Render(Model("fc_conv_mnist"));
        Assert.Contains("nn.BatchNorm1d(784),  # G.1", fc);
        Assert.Contains("nn.Linear(784, 1))  # D.9", fc);
    }

    /// <summary>
    /// Every zoo model: the fixture made from the emitted definition equals, bit for bit in every tensor, the one made
    /// from the repository's own definition (reference.py's zoo, or parity/dcgan64_reference.py), with the same metadata.
    /// </summary>
    [SkippableFact]
    public void Every_zoo_model_s_emitted_definition_makes_the_repository_definition_s_fixture()
    {
        Skip.If(!TorchAvailable(out string why), $"{Python} cannot import torch ({why}): apt-get install python3-torch");
        string root = Directory.CreateTempSubdirectory("dcgan-pytorch-definition-").FullName;
        try
        {
            string[] args = ["--batch", "2", "--steps", "2", "--seed", "3"];
            string ours = Path.Combine(root, "ours"), theirs = Path.Combine(root, "theirs"), emitted = Path.Combine(root, "emitted");
            string[] zoo = ["fc_conv_mnist", "pyimagesearch", "conv4x4", "ganlab", "tf_dcgan"], extra = ["dcgan64", "dcgan64_rgb"];
            Directory.CreateDirectory(emitted);
            File.WriteAllBytes(Path.Combine(emitted, "reference.py"), PyTorchDefinition.ReferenceScript());
            var runs = new List<string[]>();
            runs.Add([Path.Combine(Paths.RepositoryRoot, "parity", "reference.py"), theirs, .. args, "--models", string.Join(",", zoo)]);
            runs.Add([Path.Combine(Paths.RepositoryRoot, "parity", "dcgan64_reference.py"), theirs, .. args]);
            foreach (var name in zoo.Concat(extra))
            {
                var definition = Model(name);
                string script = Path.Combine(emitted, PyTorchDefinition.FileName(definition));
                File.WriteAllText(script, PyTorchDefinition.Render(definition));
                runs.Add([script, ours, .. args]);
            }
            Parallel.ForEach(runs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, run => RunPython(run));

            foreach (var name in zoo.Concat(extra))
                AssertSameFixture(name, SafeTensorsFile.Read(Path.Combine(theirs, $"{name}.safetensors")), SafeTensorsFile.Read(Path.Combine(ours, $"{name}.safetensors")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void AssertSameFixture(string name, SafeTensorsFile expected, SafeTensorsFile actual)
    {
        Assert.Equal(expected.Tensors.Keys.Order(), actual.Tensors.Keys.Order());
        foreach (var (key, tensor) in expected.Tensors)
        {
            var other = actual.Tensors[key];
            Assert.True(tensor.Shape.SequenceEqual(other.Shape), $"{name} {key}: shape [{string.Join(", ", other.Shape)}], expected [{string.Join(", ", tensor.Shape)}]");
            int first = Enumerable.Range(0, tensor.Data.Length).FirstOrDefault(i => BitConverter.SingleToInt32Bits(tensor.Data[i]) != BitConverter.SingleToInt32Bits(other.Data[i]), -1);
            Assert.True(first < 0, $"{name} {key}: element {first} is {(first < 0 ? 0 : other.Data[first]):R}, expected {(first < 0 ? 0 : tensor.Data[first]):R}");
        }
        Assert.Equal(expected.Metadata.Keys.Order(), actual.Metadata.Keys.Order());
        foreach (var (key, value) in expected.Metadata.Where(m => m.Key != "hyper"))
            Assert.True(value == actual.Metadata[key], $"{name} metadata {key}: '{actual.Metadata[key]}', expected '{value}'");
        // The emitted definition says epochs=None (dcgan declares none); every other hyperparameter is the same value.
        static Dictionary<string, string> Hyper(SafeTensorsFile file) => JsonDocument.Parse(file.Metadata["hyper"]).RootElement.EnumerateObject()
            .Where(p => p.Name != "epochs").ToDictionary(p => p.Name, p => p.Value.GetRawText());
        Assert.Equal(Hyper(expected), Hyper(actual));
        Assert.Equal("null", JsonDocument.Parse(actual.Metadata["hyper"]).RootElement.GetProperty("epochs").GetRawText());
    }

    private static bool TorchAvailable(out string why)
    {
        if (!File.Exists(Python)) { why = "no such file"; return false; }
        var (code, output) = Run(["-c", "import torch"]);
        why = code == 0 ? "" : output.Trim().Split('\n')[^1];
        return code == 0;
    }

    private static void RunPython(string[] args)
    {
        var (code, output) = Run(args);
        Assert.True(code == 0, $"{Python} {string.Join(" ", args)} exited with {code}:\n{output}");
    }

    private static (int Code, string Output) Run(string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
