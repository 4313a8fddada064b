namespace Dcgan.Runtime.Tests;

[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

/// <summary>Sets environment variables for one test and restores them, even when the test fails.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly List<(string Name, string? Old)> _saved = [];

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _saved.Add((name, Environment.GetEnvironmentVariable(name)));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, old) in _saved)
            Environment.SetEnvironmentVariable(name, old);
    }
}
