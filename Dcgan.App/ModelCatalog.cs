using Dcgan.Models;
using Dcgan.Runtime;

namespace Dcgan.App;

/// <summary>
/// The models this process can train, looked up by name: the zoo, and every GAN the application declares itself (each
/// assembly's generated list registers with <see cref="GanRegistry"/>). Two models of one name are refused, since a name
/// is how checkpoints, fixtures and run directories find their model again.
/// </summary>
public static class ModelCatalog
{
    public static IReadOnlyList<RegisteredGan> Registered
    {
        get
        {
            // Reading the zoo runs Dcgan.Models' module initializer, which registers it; the application's own GANs
            // registered themselves before its Main ran.
            _ = GanZoo.Models;
            return RefuseDuplicateNames(GanRegistry.All);
        }
    }

    /// <summary>The models unchanged, or one line naming the first name two of them share and where each is declared.</summary>
    public static IReadOnlyList<RegisteredGan> RefuseDuplicateNames(IReadOnlyList<RegisteredGan> models)
    {
        var clash = models.GroupBy(g => g.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new UsageException($"two models are named '{clash.Key}': "
                + string.Join(" and ", clash.Select(g => $"{g.Model.GetType().FullName} (assembly {g.Assembly})"))
                + "; give one of them another name with [Gan(..., Name = \"...\")]");
        return models;
    }

    public static IReadOnlyList<IGanModel> All => Registered.Select(g => g.Model).ToArray();

    public static IGanModel? Find(string name) => All.FirstOrDefault(m => m.Definition.Name == name);

    public static IGanModel Require(string name) => Find(name)
        ?? throw new UsageException($"unknown model '{name}'; the models here are: {string.Join(", ", All.Select(m => m.Definition.Name))}");
}
