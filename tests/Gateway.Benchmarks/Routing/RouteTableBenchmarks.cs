using BenchmarkDotNet.Attributes;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Routing;
using Gateway.Testing;
using Gateway.Testing.Pipeline;

namespace Gateway.Benchmarks.Routing;

/// <summary>
/// Routing cost per event with the shipped-style routes (levels, service globs, a name glob, an attribute range, not:):
/// the hot path must stay allocation-free and well under a microsecond per event.
/// </summary>
[MemoryDiagnoser]
public class RouteTableBenchmarks
{
    private const string Yaml = """
        exporters:
          store/search: {}
          store/archive: {}
          chat/oncall: {}
        routes:
          - name: page-oncall
            match: { level: ">=error", service: [checkout, "payments-*"], not: { environment: "staging*" } }
            exporters: [chat/oncall]
            continue: true
          - name: slow
            match: { attributes: { http.server.duration_ms: { gte: 2000 } } }
            exporters: [chat/oncall]
            continue: true
          - name: noisy-healthchecks
            match: { name: "healthcheck.*" }
            drop: true
          - name: everything
            exporters: [store/search, store/archive]
        """;

    private RouteTable _table = null!;
    private EventEnvelope[] _events = [];
    private bool[] _targets = [];
    private int[] _hits = [];

    [GlobalSetup]
    public void Setup()
    {
        var config = new GatewayConfigLoader(PipelineHarness.Catalog(out _, out _), _ => null).Load(Yaml, "bench.yaml");
        var names = config.Exporters.Keys.Select(id => id.ToString()).ToList();
        var errors = new ConfigErrors("bench.yaml");
        _table = new RouteTable(RouteCompiler.Compile(config.Routes, config.RouteNodes, names, new YamlBinder(errors)), names.IndexOf);
        _targets = new bool[names.Count];
        _hits = new int[_table.RouteNames.Length];
        _events =
        [
            Some.Envelope(level: EventLevel.Info, service: "shipping"),
            Some.Envelope(level: EventLevel.Error, service: "payments-eu"),
            Some.Envelope(name: "healthcheck.ready"),
            Some.Envelope(attributes: [new KeyValue("http.route", AttributeValue.FromString("/pay")), new KeyValue("http.server.duration_ms", AttributeValue.FromLong(2500))]),
        ];
    }

    /// <summary>Routes four representative events (one per path through the table).</summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public int RouteFourEvents()
    {
        var routed = 0;
        foreach (var envelope in _events)
        {
            Array.Clear(_targets);
            if (_table.Route(envelope, _targets, _hits)) routed++;
        }

        return routed;
    }
}
