using System.Net;
using System.Text.Json.Nodes;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Elasticsearch;

/// <summary>Who may ask: the query API is off unless an elasticsearch exporter turns it on, and it takes the receivers' keys.</summary>
public sealed class QueryApiAccessTests
{
    private const string AcmeKey = "acme-query-5f0c1d9e2b7a4c36";
    private const string GlobexKey = "globex-query-8e21f4a7c90b5d13";

    [Fact]
    public async Task TheQueryApiIsOffUnlessAnElasticsearchExporterTurnsItOn()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.LoopbackReceivers + $$"""
            exporters:
              elasticsearch:
                endpoints: [{{elasticsearch.Address.ToString().TrimEnd('/')}}]
            routes:
              - name: everything
                exporters: [elasticsearch]
            """);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(gateway.HttpEndpoint, "api/v1/events/count"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("query: {enabled: true}", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"], StringComparison.Ordinal);
        Assert.DoesNotContain(elasticsearch.Requests, r => r.Path.Contains("_search", StringComparison.Ordinal) || r.Path.Contains("_count", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AQueryNeedsAReceiverKeyAndSeesOnlyTheEventsOfTheKeysTenant()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync($$"""
            receivers:
              otlp:
                auth:
                  keys:
                    - name: acme-web
                      key: {{AcmeKey}}
                      scope: { type: tenant, id: acme }
                    - name: globex-web
                      key: {{GlobexKey}}
                      scope: { type: tenant, id: globex }
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
                  http:
                    endpoint: 127.0.0.1:0
            exporters:
              elasticsearch:
                endpoints: [{{elasticsearch.Address.ToString().TrimEnd('/')}}]
                batch: { max_wait: 20ms }
                query: { enabled: true }
            routes:
              - name: everything
                exporters: [elasticsearch]
            """);
        using var http = new HttpClient();
        foreach (var (key, message) in new[] { (AcmeKey, "acme 1"), (AcmeKey, "acme 2"), (GlobexKey, "globex 1") })
        {
            using var sent = await http.SendAsync(Request(HttpMethod.Post, gateway.HttpLogsEndpoint, $"Bearer {key}", ProtobufContent(Logs(Record(message)))));
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        await Eventually.TrueAsync(() => elasticsearch.Documents.Count == 3, "the 3 events stored");

        using var anonymous = await http.SendAsync(Request(HttpMethod.Get, new Uri(gateway.HttpEndpoint, "api/v1/events/count"), authorization: null));
        using var wrongKey = await http.SendAsync(Request(HttpMethod.Get, new Uri(gateway.HttpEndpoint, "api/v1/events/count"), "Bearer acme-query-0000"));
        using var acme = await http.SendAsync(Request(HttpMethod.Get, new Uri(gateway.HttpEndpoint, "api/v1/events/count"), $"Bearer {AcmeKey}"));
        using var globex = await http.SendAsync(Request(HttpMethod.Get, new Uri(gateway.HttpEndpoint, "api/v1/events"), $"Bearer {GlobexKey}"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal("""{"count":2}""", await acme.Content.ReadAsStringAsync());
        var events = JsonNode.Parse(await globex.Content.ReadAsStringAsync())!["events"]!.AsArray();
        Assert.Equal("globex 1", (string?)Assert.Single(events)!["message"]);
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri uri, string? authorization, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }
}
