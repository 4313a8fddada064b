using System.Text.RegularExpressions;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>A C type as a prototype spells it: the base type (const dropped) and how many pointer levels.</summary>
internal sealed record CType(string Base, int Pointers)
{
    public override string ToString() => Base + new string('*', Pointers);
}

/// <summary>
/// One C prototype, parsed just enough to compare with a binding: return type, name, and parameter types in
/// order. Handles the forms the CUDA headers use ("const char * const *headers", "long long int stride", "(void)").
/// </summary>
internal sealed partial record CPrototype(string Name, CType Return, IReadOnlyList<CType> Parameters)
{
    public static IReadOnlyList<CPrototype> ParseAll(string prototypes) =>
        prototypes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();

    public static CPrototype Parse(string prototype)
    {
        var match = Shape().Match(prototype.Trim());
        if (!match.Success) throw new FormatException($"not a prototype: {prototype}");
        var (returnType, name) = SplitDeclarator(match.Groups["head"].Value);
        string parameters = match.Groups["parameters"].Value.Trim();
        var parsed = parameters is "" or "void"
            ? []
            : parameters.Split(',').Select(parameter => SplitDeclarator(parameter).Type).ToList();
        return new CPrototype(name, returnType, parsed);
    }

    /// <summary>"const char * const *headers" -> (char**, "headers"): the last word is the name, stars are pointer levels.</summary>
    private static (CType Type, string Name) SplitDeclarator(string declaration)
    {
        int pointers = declaration.Count(c => c == '*');
        var words = declaration.Replace('*', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => word != "const").ToList();
        if (words.Count < 2) throw new FormatException($"a declaration without a type or a name: {declaration}");
        return (new CType(string.Join(' ', words[..^1]), pointers), words[^1]);
    }

    [GeneratedRegex(@"^(?<head>[^(]+)\((?<parameters>[^)]*)\)$")]
    private static partial Regex Shape();
}
