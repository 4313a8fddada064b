using Dcgan.Models;
using Dcgan.Runtime;
using Dcgan.Runtime.Evaluation;
using Dcgan.Runtime.IO;

namespace Dcgan.App;

/// <summary>
/// The MNIST judge with the weights that ship in the repository (judge/mnist_judge.safetensors, embedded in
/// dcgan-cli), or with weights from a file given by --judge. FIDs are comparable only under the same weights.
/// </summary>
public static class ShippedJudge
{
    public const string RepositoryPath = "judge/mnist_judge.safetensors";
    private const string ResourceName = "mnist_judge.safetensors";

    public static Judge Open(string? weightsPath)
    {
        var judge = new Judge(new MnistJudge());
        try
        {
            if (weightsPath is not null)
            {
                if (!File.Exists(weightsPath)) throw new UsageException($"--judge {weightsPath}: no such file");
                judge.Load(SafeTensorsFile.Read(weightsPath));
                return judge;
            }
            using var stream = typeof(ShippedJudge).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new DcganException($"this dcgan-cli was built without the judge's weights ({RepositoryPath}); train them with 'dcgan-cli train-judge' or pass --judge FILE");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            judge.Load(SafeTensorsFile.Parse(RepositoryPath, memory.ToArray()));
            return judge;
        }
        catch
        {
            judge.Dispose();
            throw;
        }
    }
}
