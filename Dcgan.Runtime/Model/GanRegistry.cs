namespace Dcgan.Runtime;

/// <summary>A GAN and the assembly that declared it.</summary>
public sealed record RegisteredGan(IGanModel Model, string Assembly)
{
    public string Name => Model.Definition.Name;
}

/// <summary>
/// Every GAN of the assemblies in this process that declare one. The source generator gives each such assembly a list of
/// its GANs that registers itself here from a module initializer, so an application's own GANs are here before its Main
/// runs and a library's as soon as any of its code does; nothing is found by reflection, so trimming keeps them all.
/// </summary>
public static class GanRegistry
{
    private static readonly Lock Gate = new();
    private static readonly List<RegisteredGan> Registered = [];
    private static readonly HashSet<string> Assemblies = [];

    /// <summary>Called by generated code: the GANs <paramref name="assembly"/> declares, once per assembly.</summary>
    public static void Register(string assembly, IReadOnlyList<IGanModel> models)
    {
        lock (Gate)
        {
            if (!Assemblies.Add(assembly)) return;
            foreach (var model in models) Registered.Add(new RegisteredGan(model, assembly));
        }
    }

    /// <summary>In registration order, then declaration-name order within an assembly.</summary>
    public static IReadOnlyList<RegisteredGan> All
    {
        get { lock (Gate) return Registered.ToArray(); }
    }
}
