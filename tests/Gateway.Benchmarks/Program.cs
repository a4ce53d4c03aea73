using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*Mapper*'
BenchmarkSwitcher.FromAssembly(typeof(Gateway.Benchmarks.Otlp.OtlpIngestBenchmarks).Assembly).Run(args);
