using System.Globalization;
using System.Text.Json;

namespace Dcgan.Runtime.Parity;

/// <summary>
/// Replays a PyTorch fixture (../shared/parity/FORMAT.md) through a compiled step: the same
/// starting values (hash/1), inputs and hyperparameters, then every stored tensor compared at
/// the fixture's tolerances.
/// </summary>
public static class ParityRunner
{
    /// <param name="dumpPath">When given, every tensor this side computed is written there (safetensors, the fixture's names, whole tensors), to study a failure.</param>
    public static ParityReport Run(string fixturePath, Func<string, IGanModel?> findModel, string? noiseFloorPath = null, string? dumpPath = null, string device = "cpu")
    {
        var fixture = SafeTensorsFile.Read(fixturePath);
        string Meta(string key) => fixture.Metadata.TryGetValue(key, out var v) ? v
            : throw new DcganException($"{fixturePath}: not a parity fixture (metadata has no '{key}')");
        if (Meta("format") != "dcgan-parity/1")
            throw new DcganException($"{fixturePath}: fixture format '{Meta("format")}' is not dcgan-parity/1");
        if (Meta("init") != "hash/1")
            throw new DcganException($"{fixturePath}: starting values '{Meta("init")}' are not hash/1");
        string name = Meta("model");
        var model = findModel(name) ?? throw new DcganException($"{fixturePath}: model '{name}' is not among this program's models (see: models)");
        var definition = model.Definition;
        int batch = ParseInt(fixturePath, "batch", Meta("batch"));
        int steps = ParseInt(fixturePath, "steps", Meta("steps"));
        ulong seed = (ulong)ParseInt(fixturePath, "seed", Meta("seed"));
        string recipe = Meta("recipe");
        string expectedRecipe = definition.Recipe switch
        {
            GanRecipe.Standard => "standard",
            GanRecipe.FreshFakeEvalG => "fresh_fake_eval_g",
            GanRecipe.Averaged => "averaged",
            _ => "g_first",
        };
        if (recipe != expectedRecipe)
            throw new DcganException($"{fixturePath}: recipe '{recipe}' differs from the model's compiled recipe '{expectedRecipe}'");

        var floor = NoiseFloor.Find(fixturePath, noiseFloorPath);
        using var gan = GanDevices.Open(model, batch, seed: 0, device, Cuda.GpuMode.Parity);
        var state = gan.Host;
        ApplyHyperparameters(fixturePath, Meta("hyper"), state);
        ParameterInit.InitialiseHash(state, seed);
        gan.Upload();

        var checks = new List<ParityCheck>();
        var ours = new List<(string Name, int[] Shape, ReadOnlyMemory<float> Data)>();
        void Keep(string name, ReadOnlySpan<float> values)
        {
            if (dumpPath is not null) ours.Add((name, [values.Length], values.ToArray()));
        }
        void Output(string name, ReadOnlySpan<float> values, bool noiseOnly = false)
        {
            Keep(name, values);
            checks.Add(Compare.Outputs(name, values, fixture, floor, noiseOnly));
        }
        foreach (var spec in definition.Tensors)
            Output($"init/{spec.Name}", state.Tensor(spec));

        for (int step = 1; step <= steps; step++)
        {
            string p = $"step{step}/";
            Load(fixture, p + "real", state.Real);
            Load(fixture, p + "z_d", state.LatentD);
            Load(fixture, p + "z_g", state.LatentG);
            gan.TrainStepOnHostInputs();
            gan.Download();
            Output(p + "d_loss", [state.DLoss]);
            Output(p + "g_loss", [state.GLoss]);
            Output(p + "fake", state.Fake);
            Output(p + "d_real", state.DReal);
            Output(p + "d_fake", state.DFake);
            if (step == 1)
                foreach (var spec in definition.Tensors.Where(t => !t.IsStatistic))
                    Output($"{p}grad/{spec.Name}", state.Gradient(spec), noiseOnly: FeedsBatchNorm(definition, spec));
            if (step == 1 || step == steps)
                foreach (var spec in definition.Tensors)
                {
                    var values = state.Tensor(spec);
                    if (spec.IsStatistic)
                    {
                        Output($"{p}param/{spec.Name}", values);
                    }
                    else
                    {
                        var adam = state.Network(spec.Net).Adam;
                        int adamSteps = step;
                        double Bound(double magnitude) => AdamStepBound.Allowed(adam, adamSteps, magnitude);
                        Keep($"{p}param/{spec.Name}", values);
                        checks.Add(FeedsBatchNorm(definition, spec)
                            ? Compare.WithinAdamBound($"{p}param/{spec.Name}", values, fixture, Bound)
                            : Compare.Parameters($"{p}param/{spec.Name}", values, fixture, floor, Bound));
                    }
                }
        }
        if (dumpPath is not null)
            SafeTensorsWriter.Write(dumpPath, new Dictionary<string, string> { ["model"] = name, ["fixture"] = Path.GetFileName(fixturePath) }, ours);
        return new ParityReport(Path.GetFileName(fixturePath), name, batch, steps, checks, floor?.ToString(), gan.Name);
    }

    /// <summary>
    /// A bias followed directly by batch norm in training mode: batch norm subtracts the batch mean,
    /// so its gradient is exactly zero and every stored value is rounding noise. Adam moves it by
    /// about lr * sign(noise), so element-wise agreement is luck (PyTorch's own elements flip between
    /// thread counts); the bound of Adam's largest moves per element (AdamStepBound) is the whole of what can be held.
    /// </summary>
    private static bool FeedsBatchNorm(GanDefinition definition, TensorSpec spec)
        => spec.Role == TensorRole.Bias && definition.Layers.Any(l => l.Net == spec.Net && l.Index == spec.Layer + 1 && l.Description.StartsWith("BatchNorm", StringComparison.Ordinal));

    private static void ApplyHyperparameters(string path, string json, GanState state)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(json).RootElement; }
        catch (JsonException e) { throw new DcganException($"{path}: the 'hyper' metadata is not valid JSON ({ParseProblem.Describe(e)})"); }
        float Get(string key)
        {
            if (!root.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.Number)
                throw new DcganException($"{path}: the 'hyper' metadata has no number '{key}'");
            return (float)value.GetDouble();
        }
        float beta1 = Get("beta1"), beta2 = Get("beta2"), eps = Get("eps"), decay = Get("weight_decay");
        state.Generator.Adam = new AdamSettings(Get("g_lr"), beta1, beta2, eps, decay);
        state.Discriminator.Adam = new AdamSettings(Get("d_lr"), beta1, beta2, eps, decay);
        state.LabelSmoothing = Get("label_smoothing");
        if (Get("dropout") != 0 || Get("input_noise") != 0)
            throw new DcganException($"{path}: fixtures must switch dropout and input noise off (FORMAT.md); this one does not");
        // The model's declared rates (ganlab: dropout 0.5, noise 0.1) give way to the fixture's zeros.
        state.DropoutRate = 0f;
        state.InputNoise = 0f;
    }

    private static void Load(SafeTensorsFile fixture, string name, Span<float> destination)
    {
        var tensor = fixture.Get(name);
        if (tensor.Data.Length != destination.Length)
            throw new DcganException($"{fixture.Path}: {name} holds {tensor.Data.Length} values where the model takes {destination.Length}");
        tensor.Data.CopyTo(destination);
    }

    private static int ParseInt(string path, string key, string text)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0 ? value
            : throw new DcganException($"{path}: metadata '{key}' is '{text}', not a non-negative integer");
}
