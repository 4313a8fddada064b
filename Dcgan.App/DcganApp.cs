using System.CommandLine;
using Dcgan.App.Commands;

namespace Dcgan.App;

/// <summary>The command tree of dcgan-cli, built in one place for Program and for the CLI's tests.</summary>
public static class DcganApp
{
    public static RootCommand CreateRoot() => new("dcgan-cli: train GANs compiled by the dcgan source generator, and check them against PyTorch.")
    {
        TrainCommand.Create(),
        ParityCommand.Create(),
        ModelsCommand.Create(),
        BenchCommand.Create(),
        GenerateCommand.Create(),
        InterpolateCommand.Create(),
        ExportCommand.Create(),
        ReferenceCommand.Create(),
        TrainJudgeCommand.Create(),
        EvalCommand.Create(),
        DoctorCommand.Create(),
    };

    public static int Run(string[] args) => CliRunner.Run(CreateRoot(), args);
}
