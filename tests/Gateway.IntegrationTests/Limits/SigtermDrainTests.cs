using System.Net;
using Gateway.IntegrationTests.Durability;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.IntegrationTests.Limits;

/// <summary>
/// SIGTERM to the real gateway process while its exporter cannot deliver: the HTTP port keeps answering, 503 with
/// Retry-After, while the queue drains (it used to close at once, so clients saw "connection refused"); once the
/// destination is back everything acknowledged is indexed exactly once and the process exits 0.
/// </summary>
public sealed class SigtermDrainTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-sigterm-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AfterSigtermTheHttpPortAnswers503UntilTheDrainEndsAndEverythingAcknowledgedIsIndexedOnce()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        elasticsearch.DropConnections = true;
        var config = Path.Combine(_directory, "gateway.yaml");
        await File.WriteAllTextAsync(config, DurableGatewayYaml.For(elasticsearch, Path.Combine(_directory, "queue"), Path.Combine(_directory, "dead-letter.ndjson"), shutdownTimeout: "30s"));
        using var gateway = await GatewayProcess.StartAsync(config);
        using var load = new OtlpLoad("sigterm", 5);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await load.SendAsync(gateway.LogsEndpoint));

        await gateway.TerminateAsync();
        using var http = new HttpClient();
        HttpStatusCode? during = null;
        await Eventually.TrueAsync(async () =>
        {
            using var content = new ByteArrayContent([]);
            content.Headers.ContentType = new("application/x-protobuf");
            using var response = await http.PostAsync(gateway.LogsEndpoint, content);
            during = response.StatusCode;
            return during == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null;
        }, "503 with Retry-After while draining", TimeSpan.FromSeconds(10));
        Assert.False(gateway.HasExited, "the gateway drains before it exits");

        elasticsearch.DropConnections = false;
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        var indexed = DurableGatewayYaml.IndexedMessages(elasticsearch);
        Assert.Equal(load.Acknowledged.Order(StringComparer.Ordinal), indexed.Order(StringComparer.Ordinal));
    }
}
