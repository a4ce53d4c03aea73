using System.Net;
using System.Text;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Gateway.Otlp.Proto.Rpc;
using Gateway.Queues;
using Grpc.Core;
using Grpc.Net.Client;
using Gateway.Testing;
using Gateway.Testing.Pipeline;
using Gateway.Testing.Diagnostics;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// The block policy through the real receivers: a full storage queue answers 429 / RESOURCE_EXHAUSTED with a retry
/// delay, a client that retries as the OTLP specification says keeps its records, and once the exporter recovers
/// everything is delivered exactly once.
/// </summary>
[Collection(RoutingCollection.Name)]
public sealed class BackpressureEndToEndTests
{
    [Theory]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task AClientRetryingAsOtlpSaysGetsEverythingDeliveredOnceWhenTheExporterRecovers(string protocol)
    {
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        var id = "store/e2e-" + protocol;
        await using var gateway = await TestGateway.StartAsync($$"""
            exporters:
              {{id}}: { queue: { size: 5 }, batch: { max_size: 5, max_wait: 0s } }
              file: { path: "{dir}/events.ndjson", batch: { max_wait: 10ms } }
            routes:
              - name: everything
                exporters: [{{id}}, file]
            """, catalog => catalog.Add(store));
        using var metrics = new MetricRecorder();
        var slow = store[id];
        slow.Hang();
        var client = new OtlpRetryingClient(gateway, protocol);

        Assert.Equal(1, await client.SendAsync(3));
        var retrying = client.SendAsync(3);
        await Eventually.TrueAsync(() => metrics.Sum("otelcol_exporter_enqueue_failed_log_records", "exporter", id) >= 6, "the second request was refused and retried after the announced delay");
        Assert.False(retrying.IsCompleted, "the client keeps the refused records and retries");
        slow.Recover();

        Assert.True(await retrying.WaitAsync(TimeSpan.FromSeconds(30)) >= 2);
        await gateway.WaitForEnvelopesAsync(6);
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, slow.DeliveredCount);
        Assert.Equal(6, slow.Delivered.Select(e => e.Id).Distinct().Count());
        var stored = await gateway.ReadEnvelopesAsync();
        Assert.Equal(6, stored.Count);
        Assert.Equal(6, stored.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task AFullBlockingQueueAnswers429WithRetryAfterOverHttp()
    {
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        await using var gateway = await TestGateway.StartAsync("""
            exporters:
              store/e2e-429: { queue: { size: 1 }, batch: { max_wait: 0s } }
            routes:
              - name: everything
                exporters: [store/e2e-429]
            """, catalog => catalog.Add(store));
        store["store/e2e-429"].Hang();
        using var http = new HttpClient();

        var first = await http.PostAsync(gateway.HttpLogsEndpoint, OneRecord());
        var refused = await http.PostAsync(gateway.HttpLogsEndpoint, OneRecord());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        store["store/e2e-429"].Recover();
        await Eventually.TrueAsync(async () => (await http.PostAsync(gateway.HttpLogsEndpoint, OneRecord())).StatusCode == HttpStatusCode.OK, "accepted again once the exporter drains");
    }

    [Fact]
    public async Task AFullBlockingQueueAnswersResourceExhaustedWithRetryInfoOverGrpc()
    {
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        await using var gateway = await TestGateway.StartAsync("""
            exporters:
              store/e2e-exhausted: { queue: { size: 1 }, batch: { max_wait: 0s } }
            routes:
              - name: everything
                exporters: [store/e2e-exhausted]
            """, catalog => catalog.Add(store));
        store["store/e2e-exhausted"].Hang();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var client = new LogsService.LogsServiceClient(channel);

        await client.ExportAsync(OneGrpcRecord());
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.ExportAsync(OneGrpcRecord()));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var details = Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(refused.Trailers.GetValueBytes("grpc-status-details-bin"));
        var retryInfo = Assert.Single(details.Details).Unpack<RetryInfo>();
        Assert.Equal(TimeSpan.FromSeconds(1), retryInfo.RetryDelay.ToTimeSpan());
        store["store/e2e-exhausted"].Recover();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await client.ExportAsync(OneGrpcRecord());
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        }, "accepted again once the exporter drains");
    }

    [Fact]
    public async Task WithAChatExporterHungTheReceiverKeepsAnsweringAndStorageGetsEverything()
    {
        var chat = new ControllableExporterFactory("chat", QueueFullPolicy.DropOldest);
        await using var gateway = await TestGateway.StartAsync("""
            exporters:
              chat/e2e-hung: { queue: { size: 5 } }
              file: { path: "{dir}/events.ndjson", batch: { max_wait: 10ms } }
            routes:
              - name: everything
                exporters: [chat/e2e-hung, file]
            """, catalog => catalog.Add(chat));
        chat["chat/e2e-hung"].Hang();
        using var http = new HttpClient();

        for (var i = 0; i < 50; i++)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var response = await http.PostAsync(gateway.HttpLogsEndpoint, OneRecord(), timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(50, (await gateway.WaitForEnvelopesAsync(50)).Count);
        Assert.Equal(0, chat["chat/e2e-hung"].DeliveredCount);
    }

    internal static StringContent OneRecord() => new($$$"""
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
          "scopeLogs":[{"logRecords":[{"timeUnixNano":"{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000}}}","severityNumber":9,
          "body":{"stringValue":"order placed {{{Guid.NewGuid():N}}}"}}]}]}]}
        """, Encoding.UTF8, "application/json");

    internal static ExportLogsServiceRequest OneGrpcRecord(int records = 1)
    {
        var resource = new Resource();
        resource.Attributes.Add(new Gateway.Otlp.Proto.Common.V1.KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "checkout" } });
        var scope = new ScopeLogs();
        for (var i = 0; i < records; i++)
        {
            scope.LogRecords.Add(new LogRecord
            {
                TimeUnixNano = ((ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000) + (ulong)i,
                SeverityNumber = SeverityNumber.Info,
                Body = new AnyValue { StringValue = "order placed " + Guid.NewGuid().ToString("N") },
            });
        }

        var logs = new ResourceLogs { Resource = resource };
        logs.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(logs);
        return request;
    }
}
