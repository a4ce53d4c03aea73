using System.Text;
using Gateway.Testing;
using Gateway.Testing.Redaction;

namespace Gateway.IntegrationTests.Processors;

/// <summary>The redaction canary through the whole gateway: OTLP/HTTP JSON in, the file exporter's NDJSON out.</summary>
public sealed class RedactionCanaryEndToEndTests
{
    [Fact]
    public async Task NoCanarySecretReachesTheFileAndEveryNeighbourDoes()
    {
        // Sampling stays on (it runs first) but keeps every info event, so both canary records reach redaction.
        const string yaml = TestGateway.FileExporterYaml + """

            processors:
              sampling:
                rates: {info: 1}
              redaction: {}
            """;
        await using var gateway = await TestGateway.StartAsync(yaml);
        using var http = new HttpClient();
        using var content = new StringContent(RedactionCanaryOtlp.ExportLogsRequestJson(), Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(gateway.HttpLogsEndpoint, content);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        var output = envelopes.Select(e => e.GetRawText()).ToList();
        Assert.Empty(RedactionCanary.Leaks(output));
        Assert.Empty(RedactionCanary.MissingNeighbours(output));
        Assert.All(envelopes, e => Assert.True(e.GetProperty("redaction").GetProperty("count").GetInt32() > 0));
    }
}
