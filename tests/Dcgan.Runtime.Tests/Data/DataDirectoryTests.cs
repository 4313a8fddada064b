using Dcgan.Runtime.Data;

namespace Dcgan.Runtime.Tests.Data;

// Environment variables are process-wide: these tests must not run beside each other.
[Collection(nameof(EnvironmentCollection))]
public class DataDirectoryTests
{
    [Fact]
    public void FlagWinsOverEnvironment()
    {
        using var env = new EnvironmentScope(("DCGAN_DATA", "/from/env"));
        Assert.Equal(Path.GetFullPath("/from/flag"), DataDirectory.Resolve("/from/flag"));
    }

    [Fact]
    public void EnvironmentWinsOverDefault()
    {
        using var env = new EnvironmentScope(("DCGAN_DATA", "/from/env"), ("XDG_DATA_HOME", "/xdg"));
        Assert.Equal(Path.GetFullPath("/from/env"), DataDirectory.Resolve(null));
    }

    [SkippableFact]
    public void DefaultFollowsXdg()
    {
        Skip.If(OperatingSystem.IsWindows(), "Windows has no XDG directories");
        using var env = new EnvironmentScope(("DCGAN_DATA", null), ("XDG_DATA_HOME", "/xdg/data"));
        Assert.Equal("/xdg/data/dcgan", DataDirectory.Resolve(""));
    }

    [SkippableFact]
    public void DefaultWithoutXdgIsUnderHome()
    {
        Skip.If(OperatingSystem.IsWindows(), "Windows has no XDG directories");
        using var env = new EnvironmentScope(("DCGAN_DATA", null), ("XDG_DATA_HOME", null));
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, ".local", "share", "dcgan"), DataDirectory.Resolve(null));
        Assert.Equal(Path.Combine(home, ".local", "share", "dcgan", "mnist"), DataDirectory.Mnist(DataDirectory.Resolve(null)));
    }
}
