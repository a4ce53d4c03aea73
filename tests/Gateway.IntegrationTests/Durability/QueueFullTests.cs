using System.Net;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.IntegrationTests.Durability;

/// <summary>A persistent queue that is full refuses whole requests (the client keeps them); what it accepted is never lost.</summary>
public sealed class QueueFullTests : IDisposable
{
    private const int RecordsPerRequest = 50;

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-full-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AFullPersistentQueueAnswers429AndEverythingItAcknowledgedIsIndexedAfterARestart()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        elasticsearch.DropConnections = true;
        var yaml = DurableGatewayYaml.For(elasticsearch, Path.Combine(_directory, "queue"), Path.Combine(_directory, "dead-letter.ndjson"), queueSize: 2 * RecordsPerRequest);
        using var load = new OtlpLoad("full", RecordsPerRequest);

        await using (var down = await TestGateway.StartAsync(yaml))
        {
            Assert.Equal(HttpStatusCode.OK, await load.SendAsync(down.HttpLogsEndpoint));
            Assert.Equal(HttpStatusCode.OK, await load.SendAsync(down.HttpLogsEndpoint));
            Assert.Equal(HttpStatusCode.TooManyRequests, await load.SendAsync(down.HttpLogsEndpoint));
            Assert.Equal(HttpStatusCode.TooManyRequests, await load.SendAsync(down.HttpLogsEndpoint));
        }

        var acknowledged = load.Acknowledged.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2 * RecordsPerRequest, acknowledged.Count);
        elasticsearch.DropConnections = false;
        await using var up = await TestGateway.StartAsync(yaml);

        await Eventually.TrueAsync(() => elasticsearch.Documents.Count >= acknowledged.Count, $"{acknowledged.Count} documents indexed after the restart");
        Assert.Equal(acknowledged, DurableGatewayYaml.IndexedMessages(elasticsearch).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(_directory, "dead-letter.ndjson")), "nothing dead-lettered");
    }
}
