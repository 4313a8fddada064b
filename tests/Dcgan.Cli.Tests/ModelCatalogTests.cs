using Dcgan.Runtime;

namespace Dcgan.Cli.Tests;

public class ModelCatalogTests
{
    [Fact]
    public void The_zoo_is_found_by_name_and_says_where_it_was_declared()
    {
        Assert.All(ModelCatalog.Registered.Where(g => g.Name is "conv4x4" or "dcgan64"), g => Assert.Equal("Dcgan.Models", g.Assembly));
        Assert.Equal(7, ModelCatalog.Registered.Count(g => g.Assembly == "Dcgan.Models"));
        Assert.Equal("tf_dcgan", ModelCatalog.Require("tf_dcgan").Definition.Name);
    }

    [Fact]
    public void Two_models_of_one_name_are_refused_with_one_line_naming_both()
    {
        var zoo = ModelCatalog.Require("conv4x4");
        var models = new[] { new RegisteredGan(zoo, "Dcgan.Models"), new RegisteredGan(zoo, "MyGan") };
        var refusal = Assert.Throws<UsageException>(() => ModelCatalog.RefuseDuplicateNames(models));
        Assert.DoesNotContain('\n', refusal.Message);
        Assert.Contains("two models are named 'conv4x4'", refusal.Message);
        Assert.Contains("(assembly Dcgan.Models) and Dcgan.Models.Conv4x4 (assembly MyGan)", refusal.Message);
        Assert.Contains("Name = ", refusal.Message);
    }

    [Fact]
    public void Distinct_names_pass_unchanged()
    {
        var all = ModelCatalog.Registered;
        Assert.Same(all, ModelCatalog.RefuseDuplicateNames(all));
    }
}
