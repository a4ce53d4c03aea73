using System.Text.Json;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Examples;

/// <summary>examples/node-app does what its README says against the shipped configuration, with each protocol.</summary>
public sealed class NodeAppExampleTests(NodeAppInstall app) : IClassFixture<NodeAppInstall>
{
    [Fact]
    public async Task WithOnlyTheEndpointSetItSendsHttpProtobufAndBothEventsArrive()
    {
        await using var gateway = await ShippedGateway.StartAsync();
        var endpoint = ShippedGateway.Endpoint(gateway.HttpEndpoint);

        var (exitCode, output) = await app.RunAsync(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint });

        Assert.True(exitCode == 0, output);
        Assert.Contains($"sent 2 log records to {endpoint} over http/protobuf", output, StringComparison.Ordinal);
        AssertTheReadmesEvents(await gateway.WaitForEnvelopesAsync(2));
    }

    [Theory]
    [InlineData("http/json")]
    [InlineData("grpc")]
    public async Task WithTheProtocolVariableItSendsThatProtocolAndBothEventsArrive(string protocol)
    {
        await using var gateway = await ShippedGateway.StartAsync();
        var endpoint = ShippedGateway.Endpoint(protocol == "grpc" ? gateway.GrpcEndpoint : gateway.HttpEndpoint);

        var (exitCode, output) = await app.RunAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        });

        Assert.True(exitCode == 0, output);
        Assert.Contains($"sent 2 log records to {endpoint} over {protocol}", output, StringComparison.Ordinal);
        AssertTheReadmesEvents(await gateway.WaitForEnvelopesAsync(2));
    }

    [Theory]
    [InlineData("http/protobuf")]
    [InlineData("grpc")]
    public async Task WithGzipCompressionAsAnAgentWouldSendBothEventsArrive(string protocol)
    {
        await using var gateway = await ShippedGateway.StartAsync();
        var endpoint = ShippedGateway.Endpoint(protocol == "grpc" ? gateway.GrpcEndpoint : gateway.HttpEndpoint);

        var (exitCode, output) = await app.RunAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "gzip",
        });

        Assert.True(exitCode == 0, output);
        AssertTheReadmesEvents(await gateway.WaitForEnvelopesAsync(2));
    }

    [Fact]
    public async Task PointedAtTheGrpcPortWithoutTheGrpcProtocolItSaysTheRecordsWereNotSentAndFails()
    {
        await using var gateway = await ShippedGateway.StartAsync();

        var (exitCode, output) = await app.RunAsync(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = ShippedGateway.Endpoint(gateway.GrpcEndpoint) });

        Assert.Equal(1, exitCode);
        Assert.Contains("could not send the log records", output, StringComparison.Ordinal);
        Assert.Empty(await gateway.ReadEnvelopesAsync());
    }

    [Fact]
    public async Task AProtocolThatDoesNotExistIsNamedWithTheOnesThatDo()
    {
        var (exitCode, output) = await app.RunAsync(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http" });

        Assert.Equal(2, exitCode);
        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL=http is not a protocol; write one of http/protobuf, http/json, grpc", output, StringComparison.Ordinal);
    }

    private static void AssertTheReadmesEvents(IReadOnlyList<JsonElement> envelopes)
    {
        Assert.Equal(2, envelopes.Count);
        var error = ExampleEvents.Single(envelopes, "error");
        Assert.Equal("profile.import_failed", ExampleEvents.Text(error, "name"));
        Assert.Equal("signup", ExampleEvents.Text(error, "service"));
        Assert.Equal("SyntaxError", ExampleEvents.Text(error, "error", "name"));

        var info = ExampleEvents.Single(envelopes, "info");
        Assert.Equal("user.signed_up", ExampleEvents.Text(info, "name"));
        Assert.Equal("sess-9", ExampleEvents.Text(info, "sessionId"));
        Assert.Equal("[REDACTED:email]", ExampleEvents.Text(info, "attributes", "customer.email"));
        Assert.Equal("true", ExampleEvents.Text(info, "attributes", "sampling.rescued"));
    }
}
