using System.CommandLine;
using Dcgan.Cli.Commands;

namespace Dcgan.Cli;

/// <summary>The command tree of dcgan-cli, built in one place for Program and for the CLI's tests.</summary>
public static class CliApp
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
