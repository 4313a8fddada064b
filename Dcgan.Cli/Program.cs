using Dcgan.Cli;

return CliApp.Run(args);
