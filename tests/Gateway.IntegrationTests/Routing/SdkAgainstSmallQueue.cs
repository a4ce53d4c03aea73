using Gateway.Queues;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Otlp;
using Gateway.Testing.Pipeline;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// The real gateway with one blocking exporter whose queue holds 5 events (sent in batches of 5 at once), held up
/// from the start, and the real OTel .NET SDK pointed at it with its retry of throttled exports on (the .NET SDK
/// retries only when asked to; the other SDKs do by default). Orders are logged as "ord-{n}".
/// </summary>
internal sealed class SdkAgainstSmallQueue : IAsyncDisposable
{
    private SdkAgainstSmallQueue(TestGateway gateway, string exporterId, ControllableExporter exporter, OtelLogClient client)
    {
        Gateway = gateway;
        ExporterId = exporterId;
        Exporter = exporter;
        Client = client;
        Logger = client.CreateLogger("Shop.Checkout");
    }

    public TestGateway Gateway { get; }

    public string ExporterId { get; }

    /// <summary>Hung at start: its queue never empties until <see cref="ControllableExporter.Recover"/>.</summary>
    public ControllableExporter Exporter { get; }

    public OtelLogClient Client { get; }

    public ILogger Logger { get; }

    public MetricRecorder Metrics { get; } = new();

    public long Refused => Metrics.Sum("otelcol_exporter_enqueue_failed_log_records", "exporter", ExporterId);

    public static async Task<SdkAgainstSmallQueue> StartAsync(OtlpExportProtocol protocol, string name)
    {
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        var id = $"store/{name}-" + (protocol == OtlpExportProtocol.Grpc ? "grpc" : "http");
        var gateway = await TestGateway.StartAsync($$"""
            exporters:
              {{id}}: { queue: { size: 5 }, batch: { max_size: 5, max_wait: 0s } }
            routes:
              - name: everything
                exporters: [{{id}}]
            """, catalog => catalog.Add(store));
        store[id].Hang();
        var client = OtelLogClient.Create(protocol == OtlpExportProtocol.Grpc ? gateway.GrpcEndpoint : gateway.HttpEndpoint, protocol, configure: o => o.TimeoutMilliseconds = 30_000, retryTransientFailures: true);
        return new SdkAgainstSmallQueue(gateway, id, store[id], client);
    }

    /// <summary>Logs the orders numbered <paramref name="from"/> up to (not including) <paramref name="to"/>.</summary>
    public void LogOrders(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var order = $"ord-{i}";
            ShopLog.OrderPlaced(Logger, order);
        }
    }

    /// <summary>Stops the gateway (draining) and checks the exporter got orders 0 to <paramref name="count"/> - 1, each once.</summary>
    public async Task AssertEveryOrderDeliveredOnceAsync(int count)
    {
        await Eventually.TrueAsync(() => Exporter.DeliveredCount >= count, $"{count} orders delivered");
        await Gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        var expected = Enumerable.Range(0, count).Select(i => $"ord-{i}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, Exporter.Delivered.Select(e => e.Attributes.Single(a => a.Key == "Order").Value.AsString).Order(StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        Client.Dispose();
        await Gateway.DisposeAsync();
    }
}
