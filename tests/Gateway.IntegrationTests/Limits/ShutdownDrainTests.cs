using System.Net;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Queues;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Pipeline;
using Grpc.Core;
using Grpc.Net.Client;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Limits;

/// <summary>
/// While the gateway drains its queues on the way down, its listeners stay open and answer every new request 503 with
/// Retry-After and a google.rpc.Status code 14 (HTTP) or UNAVAILABLE (gRPC), which load balancers and the OTel SDKs
/// retry elsewhere or later; everything acknowledged before the stop is delivered exactly once; the ports close when
/// the drain ends.
/// </summary>
public sealed class ShutdownDrainTests
{
    [Fact]
    public async Task DuringTheDrainNewRequestsGet503OrUnavailableAndEverythingAcknowledgedIsDeliveredOnce()
    {
        using var counters = new MetricRecorder();
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        await using var gateway = await TestGateway.StartAsync("""
            exporters:
              store/drain: { batch: { max_size: 10, max_wait: 0s } }
            routes:
              - name: everything
                exporters: [store/drain]
            """, catalog => catalog.Add(store));
        var exporter = store["store/drain"];
        exporter.Hang();
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var grpc = new LogsService.LogsServiceClient(channel);
        using (var acknowledged = await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("before 1"), Record("before 2"))))) Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        await grpc.ExportAsync(Logs(Record("before 3")));

        var stopping = gateway.Host.StopAsync(TimeSpan.FromSeconds(30));
        HttpResponseMessage? refused = null;
        await Eventually.TrueAsync(async () =>
        {
            refused?.Dispose();
            refused = await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("during"))));
            return refused.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "a request during the drain answered 503", TimeSpan.FromSeconds(10));
        var unavailable = await Assert.ThrowsAsync<RpcException>(async () => await grpc.ExportAsync(Logs(Record("during grpc"))));

        Assert.Equal("1", Assert.Single(refused!.Headers.GetValues("Retry-After")));
        var status = Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await refused.Content.ReadAsByteArrayAsync());
        Assert.Equal((int)StatusCode.Unavailable, status.Code);
        Assert.Equal(StatusCode.Unavailable, unavailable.StatusCode);
        Assert.False(stopping.IsCompleted, "the drain waits for the hung exporter");
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "reason", "shutting_down") >= 2);
        refused.Dispose();

        exporter.Recover();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["before 1", "before 2", "before 3"], exporter.Delivered.Select(e => e.Message!).Order().ToArray());
        await Assert.ThrowsAsync<HttpRequestException>(async () => await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("after")))));
    }
}
