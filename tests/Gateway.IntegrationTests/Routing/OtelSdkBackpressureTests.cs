using Gateway.Queues;
using Gateway.Testing;
using Gateway.Testing.Otlp;
using Gateway.Testing.Pipeline;
using Gateway.Testing.Diagnostics;
using OpenTelemetry.Exporter;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// The real OTel .NET SDK against a full blocking queue: it is refused (429 / RESOURCE_EXHAUSTED with a delay), keeps
/// its batch, retries after the announced delay, and once the exporter has recovered everything is delivered once.
/// </summary>
[Collection(RoutingCollection.Name)]
public sealed class OtelSdkBackpressureTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task TheSdkRetriesAfterTheAnnouncedDelayAndNothingIsLostOrDuplicated(OtlpExportProtocol protocol)
    {
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        var id = "store/sdk-" + (protocol == OtlpExportProtocol.Grpc ? "grpc" : "http");
        await using var gateway = await TestGateway.StartAsync($$"""
            exporters:
              {{id}}: { queue: { size: 5 }, batch: { max_size: 5, max_wait: 0s } }
            routes:
              - name: everything
                exporters: [{{id}}]
            """, catalog => catalog.Add(store));
        using var metrics = new MetricRecorder();
        var slow = store[id];
        slow.Hang();
        using var client = OtelLogClient.Create(protocol == OtlpExportProtocol.Grpc ? gateway.GrpcEndpoint : gateway.HttpEndpoint, protocol, configure: o => o.TimeoutMilliseconds = 30_000, retryTransientFailures: true);
        // (The .NET SDK retries throttled exports only when asked to; the other SDKs do by default.)
        var logger = client.CreateLogger("Shop.Checkout");
        var orders = Enumerable.Range(0, 20).Select(i => $"ord-{i}").ToArray();

        for (var i = 0; i < 10; i++) ShopLog.OrderPlaced(logger, orders[i]);
        Assert.True(client.Flush(), "the first batch fits the empty queue");
        for (var i = 10; i < 20; i++) ShopLog.OrderPlaced(logger, orders[i]);
        var flushing = Task.Run(() => client.Flush(30_000));
        await Eventually.TrueAsync(() => metrics.Sum("otelcol_exporter_enqueue_failed_log_records", "exporter", id) >= 10, "the gateway refused the second batch");
        slow.Recover();

        Assert.True(await flushing.WaitAsync(TimeSpan.FromSeconds(40)));
        await Eventually.TrueAsync(() => slow.DeliveredCount >= 20, "the SDK's retry is accepted and delivered");
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(20, slow.DeliveredCount);
        Assert.Equal(orders.Order(StringComparer.Ordinal), slow.Delivered.Select(e => e.Attributes.Single(a => a.Key == "Order").Value.AsString).Order(StringComparer.Ordinal));
    }
}
