using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Dcgan.Generators.Emit
{
    /// <summary>A C# namespace made from an assembly name, which may hold characters a namespace cannot ("my-gans", "2d").</summary>
    internal static class AssemblyNamespace
    {
        public static string Of(string assemblyName)
        {
            var segments = assemblyName.Split('.').Where(s => s.Length > 0).Select(Segment).ToArray();
            return segments.Length > 0 ? string.Join(".", segments) : "Dcgan.Generated";
        }

        private static string Segment(string segment)
        {
            var text = new StringBuilder(segment.Length + 1);
            foreach (char c in segment) text.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
            if (!SyntaxFacts.IsIdentifierStartCharacter(text[0])) text.Insert(0, '_');
            string name = text.ToString();
            return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
        }
    }
}
