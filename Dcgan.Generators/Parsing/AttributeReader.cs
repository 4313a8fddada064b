using System.Collections.Generic;
using System.Linq;
using Dcgan.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Dcgan.Generators.Parsing
{
    /// <summary>Small helpers to read constant attribute arguments.</summary>
    internal static class AttributeReader
    {
        /// <summary>Reports <paramref name="name"/> = <paramref name="value"/> as DCGAN005 unless it lies in <paramref name="range"/> (the CLI's own table).</summary>
        public static void RequireIn(HyperparameterRange range, string name, double value, LocationInfo? location, string where, List<DiagnosticInfo> diagnostics)
        {
            if (!range.Contains(value))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadArgument, location, where, $"{name} must be {range}, got {value}"));
        }

        /// <summary>Reports the first of an Adam's settings outside <see cref="HyperparameterRanges"/>.</summary>
        public static void RequireAdam(AdamModel adam, LocationInfo? location, string where, List<DiagnosticInfo> diagnostics)
        {
            int before = diagnostics.Count;
            foreach (var (range, name, value) in new[]
            {
                (HyperparameterRanges.LearningRate, "the learning rate", adam.LearningRate),
                (HyperparameterRanges.Beta, "Beta1", adam.Beta1),
                (HyperparameterRanges.Beta, "Beta2", adam.Beta2),
                (HyperparameterRanges.AdamEps, "Eps", adam.Eps),
                (HyperparameterRanges.WeightDecay, "WeightDecay", adam.WeightDecay),
            })
            {
                RequireIn(range, name, value, location, where, diagnostics);
                if (diagnostics.Count > before) return;
            }
        }

        public static bool IsLayerAttribute(INamedTypeSymbol attributeClass)
        {
            for (var t = attributeClass.BaseType; t is not null; t = t.BaseType)
                if (t.Name == "LayerAttribute" && t.ContainingNamespace?.ToDisplayString() == "Dcgan") return true;
            return false;
        }

        public static int[] IntArray(TypedConstant constant)
        {
            if (constant.Kind == TypedConstantKind.Array && !constant.IsNull)
                return constant.Values.Select(v => v.Value is int i ? i : 0).ToArray();
            if (constant.Value is int single) return new[] { single };
            return new int[0];
        }

        public static T Named<T>(AttributeData data, string name, T fallback)
        {
            foreach (var pair in data.NamedArguments)
                if (pair.Key == name && pair.Value.Value is T value) return value;
            return fallback;
        }

        public static T Positional<T>(AttributeData data, int index, T fallback)
            => data.ConstructorArguments.Length > index && data.ConstructorArguments[index].Kind != TypedConstantKind.Array
               && data.ConstructorArguments[index].Value is T value ? value : fallback;

        /// <summary>A double argument written as an int or float literal still reads as double.</summary>
        public static double NamedDouble(AttributeData data, string name, double fallback)
        {
            foreach (var pair in data.NamedArguments)
                if (pair.Key == name && pair.Value.Value is { } value) return System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            return fallback;
        }

        public static double PositionalDouble(AttributeData data, int index, double fallback)
            => data.ConstructorArguments.Length > index && data.ConstructorArguments[index].Kind != TypedConstantKind.Array
               && data.ConstructorArguments[index].Value is { } value
                ? System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
