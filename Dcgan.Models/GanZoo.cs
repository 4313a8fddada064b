using Dcgan.Runtime;

namespace Dcgan.Models;

/// <summary>The zoo: the GANs of the five tutorials and the DCGAN paper's 64x64 architecture, as the generator listed them.</summary>
public static class GanZoo
{
    public static IReadOnlyList<IGanModel> Models => DeclaredGans.Models;
}
