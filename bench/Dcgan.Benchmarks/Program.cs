using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Dcgan.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
