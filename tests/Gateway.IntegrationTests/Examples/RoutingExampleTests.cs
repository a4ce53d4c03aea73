using Gateway.Testing;

namespace Gateway.IntegrationTests.Examples;

/// <summary>examples/routing/local.yaml with examples/routing/events.json does what the example's README says.</summary>
public sealed class RoutingExampleTests
{
    [Fact]
    public async Task TheFourEventsGoWhereTheReadmeSays()
    {
        await using var gateway = await ShippedGateway.StartAsync("examples/routing/local.yaml");

        var (exitCode, output) = await ChildProcess.RunAsync("curl", RepositoryFiles.Root,
            ["-sS", new Uri(gateway.HttpEndpoint, "v1/logs").ToString(), "-H", "Content-Type: application/json", "--data-binary", "@examples/routing/events.json"],
            TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, output);
        Assert.Equal("{ }", output.Trim());
        var audit = await gateway.WaitForEnvelopesAsync(1, "audit.ndjson");
        Assert.Equal("refund.approved", ExampleEvents.Text(Assert.Single(audit), "name"));
        var all = await gateway.WaitForEnvelopesAsync(3);
        Assert.Equal(["http.request", "payment.failed", "refund.approved"], all.Select(e => ExampleEvents.Text(e, "name")).Order(StringComparer.Ordinal));
    }
}
