using BenchmarkDotNet.Attributes;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Benchmarks.Pipeline;

/// <summary>
/// The runtime's own cost per batch of 100 events, with no processor and a route that drops everything, so nothing
/// but the ingest path itself is measured (no queue, no worker). It uses only what every version of the runtime
/// has, so the same file runs before and after a change to that path (the live taps' hook: docs/performance.md).
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    internal const string Yaml = """
        exporters:
          store: {}
        routes:
          - name: checked-first
            match: { level: ">=error", service: "payments-*" }
            exporters: [store]
            continue: true
          - name: drop-the-rest
            drop: true
        """;

    private GatewayRuntime _runtime = null!;
    private List<EventEnvelope> _batch = [];

    [GlobalSetup]
    public void Setup()
    {
        var catalog = PipelineHarness.Catalog(out _, out _);
        var config = new GatewayConfigLoader(catalog, _ => null).Load(Yaml, "bench.yaml");
        _runtime = GatewayRuntime.Build(config, catalog, new RuntimeServices(NullLoggerFactory.Instance, TimeProvider.System, new ServiceCollection().BuildServiceProvider()));
        _runtime.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _batch = [.. Enumerable.Range(0, 100).Select(i => Some.Envelope(name: $"order.{i % 7}", level: EventLevel.Info))];
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = 100)]
    public async ValueTask<IngestStatus> IngestABatchOf100() => (await _runtime.IngestAsync(_batch, CancellationToken.None)).Status;
}
