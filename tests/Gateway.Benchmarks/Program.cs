using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Gateway.Benchmarks.Routing.RouteTableBenchmarks).Assembly).Run(args);
