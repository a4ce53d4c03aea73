using BenchmarkDotNet.Running;
using Gateway.Benchmarks.Load;
using Gateway.Benchmarks.Otlp;
using Gateway.Benchmarks.Processors;

// `load ...` runs the load harness against a child gateway process, `wide ...` measures records with huge numbers of
// attributes, `sampling-cost` times sampling before mapping on CPU time, `held ...` the memory of events held by
// keep_session_on_error; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "load") return await LoadHarness.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "sampling-cost") return await SamplingBeforeMappingCost.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "held") return await HeldEventsMemory.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "wide") return await WideRecordCost.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
BenchmarkSwitcher.FromAssembly(typeof(LoadHarness).Assembly).Run(args);
return 0;
