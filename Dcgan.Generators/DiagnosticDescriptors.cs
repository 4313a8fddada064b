using Microsoft.CodeAnalysis;

namespace Dcgan.Generators
{
    /// <summary>Every diagnostic the generator reports. IDs are listed in AnalyzerReleases.Unshipped.md.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Dcgan";
        /// <summary>The tag of a diagnostic no declaration should trigger: the generator's check on itself.</summary>
        public const string Internal = "DcganInternal";

        public static readonly DiagnosticDescriptor LayerRejectsInput = new DiagnosticDescriptor(
            "DCGAN001", "Layer cannot take its input shape",
            "{0} layer {1} ({2}) cannot take an input of shape {3}: {4}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor GeneratorOutputMismatch = new DiagnosticDescriptor(
            "DCGAN002", "Generator output is not the discriminator's input",
            "Generator {0} makes images of shape {1}, but discriminator {2} takes images of shape {3}; change the generator's layers (or the discriminator's input) so that the two agree",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DiscriminatorNotScalar = new DiagnosticDescriptor(
            "DCGAN003", "Discriminator must end in one value per image",
            "Discriminator {0} ends in shape {1} per image; it must end in one value per image (for example [Linear(1)] after [Flatten])",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor LossDoesNotFit = new DiagnosticDescriptor(
            "DCGAN004", "Loss does not fit the discriminator's last layer",
            "Loss {0} does not fit discriminator {1}, whose last layer is {2}: {3}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor BadArgument = new DiagnosticDescriptor(
            "DCGAN005", "Invalid attribute argument",
            "{0}: {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NotANetwork = new DiagnosticDescriptor(
            "DCGAN006", "Type is not a network of the expected kind",
            "{0} is given as the {1} of GAN {2}, but it is not a partial class marked [{1}]",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor EmptyNetwork = new DiagnosticDescriptor(
            "DCGAN007", "Network has no layers",
            "{0} declares no layers; add 'partial Block Name {{ get; }}' properties carrying layer attributes",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ClassifierEnd = new DiagnosticDescriptor(
            "DCGAN008", "Classifier must end in Linear(classes)",
            "Classifier {0} ends in {1} with output {2}; it must end in a [Linear(classes)] with at least 2 classes and no activation after it (softmax cross-entropy applies its own), preceded by at least one layer whose output are the features",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnknownLayer = new DiagnosticDescriptor(
            "DCGAN009", "Unknown layer attribute",
            "{0} on {1} derives from LayerAttribute but is not a layer dcgan can compile; the layers are {2}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InconsistentPlan = new DiagnosticDescriptor(
            "DCGAN010", "The generator planned an inconsistent step",
            "The generator's verify pass rejected its own plan: {0}. This is a bug in dcgan, not in your model; please report it with the model's declaration.",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true, customTags: Internal);

        public static DiagnosticDescriptor? Find(string id)
        {
            switch (id)
            {
                case "DCGAN001": return LayerRejectsInput;
                case "DCGAN002": return GeneratorOutputMismatch;
                case "DCGAN003": return DiscriminatorNotScalar;
                case "DCGAN004": return LossDoesNotFit;
                case "DCGAN005": return BadArgument;
                case "DCGAN006": return NotANetwork;
                case "DCGAN007": return EmptyNetwork;
                case "DCGAN008": return ClassifierEnd;
                case "DCGAN009": return UnknownLayer;
                case "DCGAN010": return InconsistentPlan;
                default: return null;
            }
        }
    }
}
