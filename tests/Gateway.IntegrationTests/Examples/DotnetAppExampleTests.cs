using Gateway.Testing;

namespace Gateway.IntegrationTests.Examples;

/// <summary>examples/dotnet-app does what its README says against the shipped configuration.</summary>
public sealed class DotnetAppExampleTests(DotnetAppBuild app) : IClassFixture<DotnetAppBuild>
{
    [Fact]
    public async Task WithOnlyTheEndpointSetItSendsOverGrpcAndBothEventsArrive()
    {
        await using var gateway = await ShippedGateway.StartAsync();
        var endpoint = ShippedGateway.Endpoint(gateway.GrpcEndpoint);

        var (exitCode, output) = await app.RunAsync(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint });

        Assert.True(exitCode == 0, output);
        Assert.Contains($"sent 2 log records to {endpoint} over grpc", output, StringComparison.Ordinal);
        AssertTheReadmesEvents(await gateway.WaitForEnvelopesAsync(2));
    }

    [Fact]
    public async Task WithTheHttpProtobufProtocolVariableItSendsToTheHttpPortAndBothEventsArrive()
    {
        await using var gateway = await ShippedGateway.StartAsync();
        var endpoint = ShippedGateway.Endpoint(gateway.HttpEndpoint);

        var (exitCode, output) = await app.RunAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });

        Assert.True(exitCode == 0, output);
        Assert.Contains($"sent 2 log records to {endpoint} over http/protobuf", output, StringComparison.Ordinal);
        AssertTheReadmesEvents(await gateway.WaitForEnvelopesAsync(2));
    }

    [Fact]
    public async Task PointedAtThePortOfTheOtherProtocolItSaysTheRecordsWereNotSentAndFails()
    {
        await using var gateway = await ShippedGateway.StartAsync();

        // gRPC (the SDK default) to the OTLP/HTTP port: the mistake the README's first line invites.
        var (exitCode, output) = await app.RunAsync(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = ShippedGateway.Endpoint(gateway.HttpEndpoint) });

        Assert.Equal(1, exitCode);
        Assert.Contains("could not send the log records", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sent 2 log records", output, StringComparison.Ordinal);
    }

    private static void AssertTheReadmesEvents(IReadOnlyList<System.Text.Json.JsonElement> envelopes)
    {
        Assert.Equal(2, envelopes.Count);
        var error = ExampleEvents.Single(envelopes, "error");
        Assert.Equal("checkout", ExampleEvents.Text(error, "service"));
        Assert.Equal("staging", ExampleEvents.Text(error, "environment"));
        Assert.Equal("Charge for order ord-1001 failed", ExampleEvents.Text(error, "message"));
        Assert.Equal("InvalidOperationException", ExampleEvents.Text(error, "error", "name"));
        Assert.Equal("Card declined: insufficient funds", ExampleEvents.Text(error, "error", "message"));
        Assert.Equal("u-42", ExampleEvents.Text(error, "actor", "id"));

        // Sampling would keep about one info event in ten; the error in its session released it.
        var info = ExampleEvents.Single(envelopes, "info");
        Assert.Equal("sess-7", ExampleEvents.Text(info, "sessionId"));
        Assert.Equal("[REDACTED:email]", ExampleEvents.Text(info, "attributes", "customer.email"));
        Assert.Equal("true", ExampleEvents.Text(info, "attributes", "sampling.rescued"));
        Assert.DoesNotContain("jane.doe@example.com", info.GetRawText(), StringComparison.Ordinal);
    }
}
