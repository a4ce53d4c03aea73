using System.Net;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.IntegrationTests.Durability;

/// <summary>Elasticsearch goes away under a steady load and comes back: every acknowledged event is indexed exactly once.</summary>
public sealed class ElasticsearchOutageTests
{
    private const int Requests = 20;
    private const int RecordsPerRequest = 50;

    [Fact]
    public async Task EventsAcknowledgedDuringAnOutageAreAllIndexedOnceWhenElasticsearchIsBackAndNoneIsDeadLettered()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(DurableGatewayYaml.For(elasticsearch, "{dir}/queue", "{dir}/dead-letter.ndjson"));
        using var load = new OtlpLoad("outage", RecordsPerRequest);

        // Up, then down (connections dropped as when the node dies), then answering 503 for a while, then up.
        for (var request = 1; request <= Requests; request++)
        {
            if (request == 6) elasticsearch.DropConnections = true;
            if (request == 16)
            {
                elasticsearch.FailNextRequests(503, 4, path: "/_bulk");
                elasticsearch.DropConnections = false;
            }

            Assert.Equal(HttpStatusCode.OK, await load.SendAsync(gateway.HttpLogsEndpoint));
            if (request == 15) Assert.True(QueuedBytes(gateway) > 10 * RecordsPerRequest * 50, "events acknowledged during the outage are in the queue's segment files");
        }

        var expected = load.Acknowledged.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Requests * RecordsPerRequest, expected.Count);
        await Eventually.TrueAsync(() => elasticsearch.Documents.Count >= expected.Count, $"{expected.Count} documents indexed");

        Assert.Equal(expected, DurableGatewayYaml.IndexedMessages(elasticsearch).Order(StringComparer.Ordinal));
        Assert.Contains(elasticsearch.Requests, r => r.Path.StartsWith("/_bulk", StringComparison.Ordinal));
        Assert.Empty(await gateway.ReadEnvelopesAsync("dead-letter.ndjson"));
    }

    private static long QueuedBytes(TestGateway gateway) =>
        Directory.GetFiles(Path.Combine(gateway.Directory, "queue"), "segment-*.log", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
