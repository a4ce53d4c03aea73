using System.Net;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.IntegrationTests.Durability;

/// <summary>The gateway is killed with SIGKILL while Elasticsearch is down and requests are arriving.</summary>
public sealed class GatewayKilledTests : IDisposable
{
    private const int RecordsPerRequest = 50;

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-kill-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task EveryEventOfARequestAnswered200BeforeAKillIsIndexedAfterTheRestart()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        elasticsearch.DropConnections = true;
        var queueDir = Path.Combine(_directory, "queue");
        var deadLetter = Path.Combine(_directory, "dead-letter.ndjson");
        using var load = new OtlpLoad("killed", RecordsPerRequest);

        using (var first = await GatewayProcess.StartAsync(WriteConfig(elasticsearch, queueDir, deadLetter)))
        {
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                // Each sender keeps a request in flight until the gateway is gone.
                while (await load.SendAsync(first.LogsEndpoint) is not null && !stop.IsCancellationRequested)
                {
                }
            })).ToArray();

            await Eventually.TrueAsync(() => load.AcknowledgedRequests >= 10, "10 requests acknowledged while Elasticsearch is down");
            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
            Assert.Empty(elasticsearch.Documents);
        }

        var acknowledged = load.Acknowledged.Order(StringComparer.Ordinal).ToList();
        Assert.True(acknowledged.Count >= 10 * RecordsPerRequest);
        elasticsearch.DropConnections = false;
        using var second = await GatewayProcess.StartAsync(WriteConfig(elasticsearch, queueDir, deadLetter));

        await Eventually.TrueAsync(() => acknowledged.All(new HashSet<string>(DurableGatewayYaml.IndexedMessages(elasticsearch), StringComparer.Ordinal).Contains),
            $"the {acknowledged.Count} acknowledged events indexed after the restart", TimeSpan.FromSeconds(60));

        // Records whose request the kill cut off may be indexed too (they were stored); none is indexed twice.
        var indexed = DurableGatewayYaml.IndexedMessages(elasticsearch);
        Assert.Equal(indexed.Count, indexed.Distinct(StringComparer.Ordinal).Count());
        Assert.False(File.Exists(deadLetter), "nothing dead-lettered");
        var recovered = System.Text.RegularExpressions.Regex.Match(second.Output, @"recovered (\d+) pending record");
        Assert.True(recovered.Success, second.Output);
        Assert.InRange(long.Parse(recovered.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), acknowledged.Count, long.MaxValue);
    }

    [Fact]
    public async Task ASecondGatewayOnTheSameQueueDirectoryRefusesToStartAndNamesTheDirectory()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        var queueDir = Path.Combine(_directory, "queue");
        var deadLetter = Path.Combine(_directory, "dead-letter.ndjson");
        using var first = await GatewayProcess.StartAsync(WriteConfig(elasticsearch, queueDir, deadLetter));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(WriteConfig(elasticsearch, queueDir, deadLetter)));

        Assert.Contains("exited with code 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"cannot start: queue directory {Path.Combine(queueDir, "elasticsearch")} is in use by another gateway process", refused.Message, StringComparison.Ordinal);
    }

    private string WriteConfig(ElasticsearchDouble elasticsearch, string queueDir, string deadLetter)
    {
        var path = Path.Combine(_directory, "gateway.yaml");
        File.WriteAllText(path, DurableGatewayYaml.For(elasticsearch, queueDir, deadLetter));
        return path;
    }
}
