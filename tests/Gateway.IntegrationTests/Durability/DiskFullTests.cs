using System.Net;
using System.Text.Json;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Rpc;
using Gateway.Otlp.Receivers.Grpc;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Elasticsearch;
using Gateway.Testing.Otlp;
using Grpc.Core;
using Grpc.Net.Client;
using Status = Gateway.Otlp.Proto.Rpc.Status;

namespace Gateway.IntegrationTests.Durability;

/// <summary>
/// The Elasticsearch exporter's persistent queue on a small tmpfs that really fills up (ENOSPC), through the real host
/// on loopback: what clients are answered, what /readyz says, and that every record answered 200 is indexed exactly
/// once while none of a refused request is.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private const int RecordsPerRequest = 20;

    /// <summary>Holds some 60 requests of 20 records: full within a second or two.</summary>
    private const int DiskKibibytes = 384;

    /// <summary>Bounds every send loop: far more than the disk can hold.</summary>
    private const int MaxRequests = 400;

    private readonly SmallTmpfs _disk = SmallTmpfs.Mount(DiskKibibytes);

    private string QueueDir => Path.Combine(_disk.Path, "queue");

    public void Dispose() => _disk.Dispose();

    [Theory]
    [InlineData("always")]
    [InlineData("interval")]
    public async Task OnAFullDiskRequestsAreRefusedRetryablyReadinessSaysWhyAndOnceThereIsRoomEveryAcknowledgedRecordIsIndexedOnce(string fsync)
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        elasticsearch.DropConnections = true;
        await using var gateway = await TestGateway.StartAsync(DurableGatewayYaml.For(elasticsearch, QueueDir, "{dir}/dead-letter.ndjson", fsync: fsync));
        using var load = new OtlpLoad("full", RecordsPerRequest);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await SendUntilRefusedAsync(load, gateway));
        var (status, retryAfter, body) = load.LastRefusal!.Value;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After: {retryAfter}");
        var refusal = Status.Parser.ParseFrom(body);
        Assert.Equal((int)StatusCode.Unavailable, refusal.Code);
        Assert.Contains("the persistent queue of exporter elasticsearch cannot store events: its disk is full", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await load.SendAsync(gateway.HttpLogsEndpoint));
        await AssertGrpcRefusedAsUnavailableWithRetryInfoAsync(gateway);
        await AssertNotReadyBecauseTheDiskIsFullAsync(gateway, http);
        var scrape = await PrometheusScrape.ScrapeAsync(http, gateway.TelemetryEndpoint);
        Assert.True(scrape.Value("gateway_queue_write_refused_log_records_total", ("exporter", "elasticsearch"), ("reason", "disk_full")) >= 2 * RecordsPerRequest);

        // Elasticsearch takes what the queue holds: the delivered segment is deleted, and that room is used again.
        elasticsearch.DropConnections = false;
        await Eventually.TrueAsync(async () => (await gateway.ReadyzAsync(http)).Status == HttpStatusCode.OK, "/readyz back to 200 once the delivered records' room is free");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await load.SendAsync(gateway.HttpLogsEndpoint));

        await AssertIndexedExactlyOnceAsync(elasticsearch, load);
        Assert.Empty(await gateway.ReadEnvelopesAsync("dead-letter.ndjson"));
    }

    [Fact]
    public async Task AGatewayStoppedWithAFullDiskStartsAgainDeliversWhatItKeptAndRefusesNewRequestsUntilThereIsRoom()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        elasticsearch.DropConnections = true;
        var yaml = DurableGatewayYaml.For(elasticsearch, QueueDir, "{dir}/dead-letter.ndjson");
        using var load = new OtlpLoad("restarted", RecordsPerRequest);
        using var http = new HttpClient();
        await using (var first = await TestGateway.StartAsync(yaml))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await SendUntilRefusedAsync(load, first));
        }

        // The few KiB the refused write left free are taken too: not even a new segment's header fits.
        _disk.Fill();
        await using var second = await TestGateway.StartAsync(yaml);

        await AssertNotReadyBecauseTheDiskIsFullAsync(second, http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await load.SendAsync(second.HttpLogsEndpoint));
        elasticsearch.DropConnections = false;
        await Eventually.TrueAsync(async () => (await second.ReadyzAsync(http)).Status == HttpStatusCode.OK, "/readyz back to 200 once what the queue kept is delivered");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await load.SendAsync(second.HttpLogsEndpoint));

        await AssertIndexedExactlyOnceAsync(elasticsearch, load);
    }

    /// <summary>Sends requests until one is not answered 200 (the disk is full); returns that answer.</summary>
    private static async Task<HttpStatusCode?> SendUntilRefusedAsync(OtlpLoad load, TestGateway gateway)
    {
        for (var i = 0; i < MaxRequests; i++)
        {
            var status = await load.SendAsync(gateway.HttpLogsEndpoint);
            if (status != HttpStatusCode.OK) return status;
        }

        throw new InvalidOperationException($"{MaxRequests} requests fit on a {DiskKibibytes} KiB disk: it never filled");
    }

    private static async Task AssertGrpcRefusedAsUnavailableWithRetryInfoAsync(TestGateway gateway)
    {
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new LogsService.LogsServiceClient(channel).ExportAsync(OtlpRequests.Logs(OtlpRequests.Record("refused-grpc"))));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        var details = Status.Parser.ParseFrom(refused.Trailers.GetValueBytes(GrpcStatusDetails.TrailerName));
        Assert.True(Assert.Single(details.Details).Unpack<RetryInfo>().RetryDelay.ToTimeSpan() >= TimeSpan.FromSeconds(1));
    }

    private static async Task AssertNotReadyBecauseTheDiskIsFullAsync(TestGateway gateway, HttpClient http)
    {
        var (status, ready) = await gateway.ReadyzAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var exporter = Assert.Single(ready.GetProperty("exporters").EnumerateArray());
        Assert.False(exporter.GetProperty("queue_writable").GetBoolean());
        Assert.Equal("disk_full", exporter.GetProperty("queue_unwritable_reason").GetString());
        Assert.Contains("No space left on device", exporter.GetProperty("queue_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.False, exporter.GetProperty("ready").ValueKind);
    }

    /// <summary>Every record answered 200 is indexed, once; no record of a refused request is.</summary>
    private static async Task AssertIndexedExactlyOnceAsync(ElasticsearchDouble elasticsearch, OtlpLoad load)
    {
        var acknowledged = load.Acknowledged.Order(StringComparer.Ordinal).ToList();
        await Eventually.TrueAsync(() => elasticsearch.Documents.Count >= acknowledged.Count, $"the {acknowledged.Count} acknowledged records indexed");
        Assert.Equal(acknowledged, DurableGatewayYaml.IndexedMessages(elasticsearch).Order(StringComparer.Ordinal));
    }
}
