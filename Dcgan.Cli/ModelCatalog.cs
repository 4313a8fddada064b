using Dcgan.Models;
using Dcgan.Runtime;

namespace Dcgan.Cli;

/// <summary>The zoo as the generator listed it, looked up by name.</summary>
public static class ModelCatalog
{
    public static IReadOnlyList<IGanModel> All => GanZoo.Models;

    public static IGanModel? Find(string name) => All.FirstOrDefault(m => m.Definition.Name == name);

    public static IGanModel Require(string name) => Find(name)
        ?? throw new UsageException($"unknown model '{name}'; the zoo has: {string.Join(", ", All.Select(m => m.Definition.Name))}");
}
