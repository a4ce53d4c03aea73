using BenchmarkDotNet.Attributes;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Pipeline;
using Gateway.Routing;
using Gateway.Routing.Conditions;
using Gateway.Taps;
using Gateway.Testing;
using Gateway.Testing.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Benchmarks.Pipeline;

/// <summary>
/// What an attached tap costs the pipeline per event, on <see cref="IngestBenchmarks"/>' path: none attached (the
/// hook alone), a tap at an exporter this traffic never reaches, a tap whose filter matches nothing, and a tap
/// nobody reads (full buffer: each event is matched and counted as left out, never rendered).
/// </summary>
[MemoryDiagnoser]
public class TapAttachedBenchmarks
{
    private GatewayRuntime _runtime = null!;
    private List<EventEnvelope> _batch = [];

    public enum Attached
    {
        None,
        OtherExporter,
        FilterMatchesNothing,
        UnreadFullBuffer,
    }

    [Params(Attached.None, Attached.OtherExporter, Attached.FilterMatchesNothing, Attached.UnreadFullBuffer)]
    public Attached Tap { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var catalog = PipelineHarness.Catalog(out _, out _);
        var config = new GatewayConfigLoader(catalog, _ => null).Load(IngestBenchmarks.Yaml, "bench.yaml");
        var taps = new PipelineTaps();
        _runtime = GatewayRuntime.Build(config, catalog, new RuntimeServices(NullLoggerFactory.Instance, TimeProvider.System, new ServiceCollection().BuildServiceProvider()) { Taps = taps });
        _runtime.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _batch = [.. Enumerable.Range(0, 100).Select(i => Some.Envelope(name: $"order.{i % 7}", level: EventLevel.Info))];
        var subscription = Tap switch
        {
            Attached.OtherExporter => new TapSubscription(TapPoint.At("store"), null, 256, _ => []),
            Attached.FilterMatchesNothing => new TapSubscription(TapPoint.Processed, Where("{ level: fatal }"), 256, _ => []),
            Attached.UnreadFullBuffer => new TapSubscription(TapPoint.Processed, null, 1, _ => []),
            _ => null,
        };
        if (subscription is not null) taps.TryAttach(subscription, 1);
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = 100)]
    public async ValueTask<IngestStatus> IngestABatchOf100() => (await _runtime.IngestAsync(_batch, CancellationToken.None)).Status;

    private static IEventCondition Where(string yaml)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(yaml));
        return new MatchCompiler(new YamlBinder(new ConfigErrors("where"), _ => null)).Compile(stream.Documents[0].RootNode, "where");
    }
}
