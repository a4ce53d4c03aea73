using System.Net;
using System.Text.Json;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.IntegrationTests.Operations;

/// <summary>/readyz follows an exporter's destination: down and backing up the queue is not ready, back up is ready.</summary>
public sealed class ReadinessTests
{
    private const string Exporter = "elasticsearch/readiness";

    [Fact]
    public async Task ReadinessFlipsWhenElasticsearchGoesDownAndComesBack()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync($$"""
            exporters:
              {{Exporter}}:
                endpoints: [{{elasticsearch.Address.ToString().TrimEnd('/')}}]
                queue: { size: 10 }
                batch: { max_size: 10, max_wait: 20ms }
                retry: { initial_interval: 50ms, max_interval: 200ms }
            routes:
              - name: everything
                exporters: [{{Exporter}}]
            """);
        using var http = new HttpClient();

        var (status, ready) = await gateway.ReadyzAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("ok", ExporterIn(ready).GetProperty("state").GetString());
        Assert.Equal(2, ready.GetProperty("receivers").GetArrayLength());

        elasticsearch.FailNextRequests(503, int.MaxValue, path: "/_bulk");
        var records = Enumerable.Range(0, 10).Select(i => OtlpHttpPost.Record($"while down {i}")).ToArray();
        Assert.Equal(HttpStatusCode.OK, await OtlpHttpPost.SendAsync(http, gateway, records));

        await Eventually.TrueAsync(async () =>
        {
            var (status, body) = await gateway.ReadyzAsync(http);
            return status == HttpStatusCode.ServiceUnavailable && ExporterIn(body).GetProperty("state").GetString() == "retrying";
        }, "/readyz turns 503 while Elasticsearch refuses and the queue is full");
        (status, ready) = await gateway.ReadyzAsync(http);
        var down = ExporterIn(ready);
        Assert.Equal("not_ready", ready.GetProperty("status").GetString());
        Assert.Equal("retrying", down.GetProperty("state").GetString());
        Assert.True(down.GetProperty("retrying_since").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.Contains("503", down.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, down.GetProperty("queue_size").GetInt32());
        Assert.Equal(10, down.GetProperty("queue_capacity").GetInt32());
        Assert.Equal("block", down.GetProperty("queue_full_policy").GetString());
        Assert.False(down.GetProperty("ready").GetBoolean());

        elasticsearch.FailNextRequests(503, 0);
        await Eventually.TrueAsync(async () => (await gateway.ReadyzAsync(http)).Status == HttpStatusCode.OK, "/readyz back to 200 once Elasticsearch takes the batch");
        (_, ready) = await gateway.ReadyzAsync(http);
        Assert.Equal("ok", ExporterIn(ready).GetProperty("state").GetString());
        Assert.False(ExporterIn(ready).TryGetProperty("retrying_since", out _));
        Assert.Equal(10, elasticsearch.Documents.Count);
    }

    [Fact]
    public async Task ARetryingExporterWithRoomInItsQueueLeavesTheGatewayReady()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync($$"""
            exporters:
              elasticsearch/readiness-room:
                endpoints: [{{elasticsearch.Address.ToString().TrimEnd('/')}}]
                queue: { size: 100 }
                batch: { max_wait: 20ms }
                retry: { initial_interval: 50ms, max_interval: 200ms }
            routes:
              - name: everything
                exporters: [elasticsearch/readiness-room]
            """);
        using var http = new HttpClient();
        elasticsearch.DropConnections = true;

        Assert.Equal(HttpStatusCode.OK, await OtlpHttpPost.SendAsync(http, gateway, OtlpHttpPost.Record("one")));
        await Eventually.TrueAsync(async () => ExporterIn((await gateway.ReadyzAsync(http)).Body).GetProperty("state").GetString() == "retrying", "the exporter shows it is retrying");

        var (status, ready) = await gateway.ReadyzAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(0.01, ExporterIn(ready).GetProperty("queue_fill").GetDouble());
        elasticsearch.DropConnections = false;
    }

    [Fact]
    public async Task AStoppingGatewayIsNotReadyWhileItDrains()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await gateway.ReadyzAsync(http)).Status);

        await gateway.Host.StopAsync(TimeSpan.FromSeconds(5));

        var (status, ready) = await gateway.ReadyzAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.True(ready.GetProperty("stopping").GetBoolean());
        Assert.All(ready.GetProperty("receivers").EnumerateArray(), r => Assert.False(r.GetProperty("listening").GetBoolean()));
    }

    private static JsonElement ExporterIn(JsonElement readiness) =>
        Assert.Single(readiness.GetProperty("exporters").EnumerateArray());
}
