using System.Text.RegularExpressions;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Examples;

/// <summary>examples/curl/send.sh does what its README says against the shipped configuration.</summary>
public sealed class CurlExampleTests
{
    [Fact]
    public async Task SendShPostsTheRecordPlainAndGzippedAndBothAreAcceptedAndWritten()
    {
        await using var gateway = await ShippedGateway.StartAsync();

        var (exitCode, output) = await ChildProcess.RunAsync("bash", RepositoryFiles.Root, ["examples/curl/send.sh"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["GATEWAY_HTTP"] = ShippedGateway.Endpoint(gateway.HttpEndpoint) });

        Assert.True(exitCode == 0, output);
        Assert.Equal(2, Regex.Count(output, @"^HTTP/1\.1 200 OK", RegexOptions.Multiline));
        Assert.Equal(2, Regex.Count(output, @"^\{ \}$", RegexOptions.Multiline));
        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        Assert.Equal(2, envelopes.Count);
        foreach (var envelope in envelopes)
        {
            Assert.Equal("payment.failed", ExampleEvents.Text(envelope, "name"));
            Assert.Equal("CardDeclinedException", ExampleEvents.Text(envelope, "error", "name"));
            Assert.Equal("[REDACTED:email]", ExampleEvents.Text(envelope, "attributes", "customer.email"));
        }

        // The same record twice is the same event: one id, which Elasticsearch stores once.
        Assert.Equal(ExampleEvents.Text(envelopes[0], "id"), ExampleEvents.Text(envelopes[1], "id"));
    }
}
