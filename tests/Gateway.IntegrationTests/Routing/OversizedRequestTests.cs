using System.Net;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Otlp;
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
        // The destination is stuck, so the queue never empties: the situation in which a request of more than
        // queue.size records used to be refused for ever.
        await using var sdk = await SdkAgainstSmallQueue.StartAsync(protocol, "oversize");
        sdk.LogOrders(0, 2);
        Assert.True(sdk.Client.Flush(), "two records fit the queue");
        await Eventually.TrueAsync(() => sdk.Exporter.InFlight == 1, "the exporter holds the first batch");

        sdk.LogOrders(2, 12);
        Assert.True(await Task.Run(() => sdk.Client.Flush(20_000)), "a batch of 10 into a queue of 5 holding 2 is taken without the exporter moving");
        Assert.Equal(0, sdk.Refused);

        // Now over its size, the queue refuses until it is below again; the SDK keeps the records and retries.
        sdk.LogOrders(12, 22);
        var flushing = Task.Run(() => sdk.Client.Flush(30_000));
        await Eventually.TrueAsync(() => sdk.Refused >= 10, "the third batch is refused while the queue is over its size");
        Assert.False(flushing.IsCompleted, "the SDK retries the refused batch");
        sdk.Exporter.Recover();

        Assert.True(await flushing.WaitAsync(TimeSpan.FromSeconds(40)), "the retried batch is taken once the queue drained");
        await sdk.AssertEveryOrderDeliveredOnceAsync(22);
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
