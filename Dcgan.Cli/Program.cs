using System.CommandLine;
using Dcgan.Cli;
using Dcgan.Cli.Commands;

var root = new RootCommand("dcgan-cli: train GANs compiled by the dcgan source generator, and check them against PyTorch.")
{
    TrainCommand.Create(),
    ParityCommand.Create(),
    ModelsCommand.Create(),
    BenchCommand.Create(),
};
return CliRunner.Run(root, args);
