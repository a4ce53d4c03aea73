using System.Net;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Queues;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Otlp;
using Gateway.Testing.Pipeline;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Exporter;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// A request larger than an exporter's queue is never answered with a 429 its sender cannot win: with more records
/// than <c>queue.size</c> it is taken whenever the queue is below its size (going over it once); with more bytes than a
/// persistent queue's <c>max_bytes</c> can ever hold it is refused for good (413 / RESOURCE_EXHAUSTED without a retry
/// delay), naming the limit. The records sent alongside are delivered exactly once either way.
/// </summary>
[Collection(RoutingCollection.Name)]
public sealed class OversizedRequestTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task ABatchLargerThanTheQueueIsTakenWhileTheQueueIsNotEmptyAndNothingIsLostOrDuplicated(OtlpExportProtocol protocol)
    {
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        var id = "store/oversize-" + (protocol == OtlpExportProtocol.Grpc ? "grpc" : "http");
        await using var gateway = await TestGateway.StartAsync($$"""
            exporters:
              {{id}}: { queue: { size: 5 }, batch: { max_size: 5, max_wait: 0s } }
            routes:
              - name: everything
                exporters: [{{id}}]
            """, catalog => catalog.Add(store));
        using var metrics = new MetricRecorder();
        var slow = store[id];

        // The destination is stuck, so the queue never empties: the situation in which a request of more than
        // queue.size records used to be refused for ever.
        slow.Hang();
        using var client = OtelLogClient.Create(protocol == OtlpExportProtocol.Grpc ? gateway.GrpcEndpoint : gateway.HttpEndpoint, protocol, configure: o => o.TimeoutMilliseconds = 30_000, retryTransientFailures: true);
        var logger = client.CreateLogger("Shop.Checkout");
        var orders = Enumerable.Range(0, 22).Select(i => $"ord-{i}").ToArray();
        for (var i = 0; i < 2; i++) ShopLog.OrderPlaced(logger, orders[i]);
        Assert.True(client.Flush(), "two records fit the queue");
        await Eventually.TrueAsync(() => slow.InFlight == 1, "the exporter holds the first batch");

        for (var i = 2; i < 12; i++) ShopLog.OrderPlaced(logger, orders[i]);
        Assert.True(await Task.Run(() => client.Flush(20_000)), "a batch of 10 into a queue of 5 holding 2 is taken without the exporter moving");
        Assert.Equal(0, metrics.Sum("otelcol_exporter_enqueue_failed_log_records", "exporter", id));

        // Now over its size, the queue refuses until it is below again; the SDK keeps the records and retries.
        for (var i = 12; i < 22; i++) ShopLog.OrderPlaced(logger, orders[i]);
        var flushing = Task.Run(() => client.Flush(30_000));
        await Eventually.TrueAsync(() => metrics.Sum("otelcol_exporter_enqueue_failed_log_records", "exporter", id) >= 10, "the third batch is refused while the queue is over its size");
        Assert.False(flushing.IsCompleted, "the SDK retries the refused batch");
        slow.Recover();

        Assert.True(await flushing.WaitAsync(TimeSpan.FromSeconds(40)), "the retried batch is taken once the queue drained");
        await Eventually.TrueAsync(() => slow.DeliveredCount >= 22, "every record is delivered");
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(orders.Order(StringComparer.Ordinal), slow.Delivered.Select(e => e.Attributes.Single(a => a.Key == "Order").Value.AsString).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARequestLargerThanAPersistentQueueCanEverHoldIsRefusedForGoodNamingMaxBytesAndTheOthersAreDelivered()
    {
        await using var gateway = await TestGateway.StartAsync("""
            exporters:
              file:
                path: "{dir}/events.ndjson"
                batch: { max_wait: 10ms }
                queue: { type: persistent, dir: "{dir}/queue", max_bytes: 1MiB }
            """);
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var grpc = new LogsService.LogsServiceClient(channel);
        var before = OtlpRequests.Logs(OtlpRequests.Record("before-1"), OtlpRequests.Record("before-2"));
        var huge = OtlpRequests.Logs(Enumerable.Range(0, 12).Select(i => OtlpRequests.Record($"huge-{i} " + new string('x', 100 * 1024))));
        var after = OtlpRequests.Logs(OtlpRequests.Record("after-1"));

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(gateway.HttpLogsEndpoint, OtlpRequests.ProtobufContent(before))).StatusCode);
        using var refused = await http.PostAsync(gateway.HttpLogsEndpoint, OtlpRequests.ProtobufContent(huge));
        var refusedOverGrpc = await Assert.ThrowsAsync<RpcException>(async () => await grpc.ExportAsync(huge));
        await grpc.ExportAsync(after);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Null(refused.Headers.RetryAfter);
        var status = Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await refused.Content.ReadAsByteArrayAsync());
        Assert.Contains("max_bytes", status.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, refusedOverGrpc.StatusCode);
        Assert.Contains("max_bytes", refusedOverGrpc.Status.Detail, StringComparison.Ordinal);
        Assert.Null(refusedOverGrpc.Trailers.GetValueBytes("grpc-status-details-bin"));

        var stored = await gateway.WaitForEnvelopesAsync(3);
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        stored = await gateway.ReadEnvelopesAsync();
        Assert.Equal(["after-1", "before-1", "before-2"], stored.Select(e => e.GetProperty("message").GetString()).Order(StringComparer.Ordinal));
    }
}
