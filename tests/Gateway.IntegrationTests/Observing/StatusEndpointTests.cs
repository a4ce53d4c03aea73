using System.Net;
using System.Text.Json;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Observing;

/// <summary>The status page's files and its JSON, as an operator's browser or script gets them.</summary>
public sealed class StatusEndpointTests
{
    [Fact]
    public async Task ThePageIsServedFromTheGatewayItselfAndLoadsNothingFromElsewhere()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var http = new HttpClient();

        foreach (var (path, type) in new[] { ("", "text/html"), ("status.js", "text/javascript"), ("status.css", "text/css") })
        {
            using var response = await http.GetAsync(new Uri(gateway.TelemetryEndpoint, path));
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(src|href)=""https?:|url\(https?:|import\s", body);
        }
    }

    [Fact]
    public async Task ApiStatusDescribesThePipelineItsHealthAndItsConfiguration()
    {
        await using var gateway = await TestGateway.StartAsync("""
            processors:
              redaction: {}
            exporters:
              file: { path: "{dir}/events.ndjson" }
            routes:
              - name: healthchecks
                match: { name: "healthcheck.*" }
                drop: true
              - name: all
                exporters: [file]
            """);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(gateway.TelemetryEndpoint, "api/status"));
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = status.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["otlp/grpc", "otlp/http"], root.GetProperty("receivers").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["redaction"], root.GetProperty("processors").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["healthchecks", "all"], root.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.True(root.GetProperty("routes")[0].GetProperty("drop").GetBoolean());
        var file = root.GetProperty("exporters")[0];
        Assert.Equal("file", file.GetProperty("id").GetString());
        Assert.Equal("up", file.GetProperty("health").GetString());
        Assert.Equal(Path.Combine(gateway.Directory, "gateway.yaml"), root.GetProperty("config").GetProperty("path").GetString());
        Assert.False(root.GetProperty("tap").GetProperty("key_required").GetBoolean());
    }
}
