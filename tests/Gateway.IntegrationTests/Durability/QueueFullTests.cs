using System.Net;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Gateway.Testing.Otlp;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.IntegrationTests.Durability;

/// <summary>A persistent queue that is full refuses whole requests (the client keeps them); what it accepted is never lost.</summary>
public sealed class QueueFullTests : IDisposable
{
    private const int RecordsPerRequest = 50;

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-full-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AFullPersistentQueueAnswers429AndResourceExhaustedAndEverythingItAcknowledgedIsIndexedAfterARestart()
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
            using var channel = GrpcChannel.ForAddress(down.GrpcEndpoint);
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await new LogsService.LogsServiceClient(channel).ExportAsync(OtlpRequests.Logs(OtlpRequests.Record("full-grpc"))));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
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
