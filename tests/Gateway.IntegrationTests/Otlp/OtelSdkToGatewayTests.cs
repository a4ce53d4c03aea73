using System.Text.Json;
using Gateway.Testing;
using Gateway.Testing.Otlp;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace Gateway.IntegrationTests.Otlp;

/// <summary>The real OpenTelemetry .NET SDK sends to the real gateway; the file exporter's envelopes are checked field by field.</summary>
public sealed class OtelSdkToGatewayTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task AnSdkLogBecomesAnEnvelopeWithEveryMappedField(OtlpExportProtocol protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        using (var client = OtelLogClient.Create(protocol == OtlpExportProtocol.Grpc ? gateway.GrpcEndpoint : gateway.HttpEndpoint, protocol))
        {
            var logger = client.CreateLogger("Shop.Checkout");
            using (logger.BeginScope(new Dictionary<string, object> { ["session.id"] = "sess-77" }))
            {
                logger.LogWarning(new EventId(7, "order.declined"),
                    "Order {ctx.order.id} declined for {user.id} in {tenant.id}: {attempts} attempts, {tags.region}",
                    "ord-1001", "u-42", "acme", 3, "eu-west");
            }

            Assert.True(client.Flush(), "the SDK could not export to the gateway");
        }

        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        Assert.Equal("order.declined", envelope.GetProperty("name").GetString());
        Assert.Equal("warn", envelope.GetProperty("level").GetString());
        Assert.Equal(13, envelope.GetProperty("severityNumber").GetInt32());
        Assert.Equal(OtelLogClient.ServiceName, envelope.GetProperty("service").GetString());
        Assert.Equal(OtelLogClient.Environment, envelope.GetProperty("environment").GetString());
        Assert.Equal(OtelLogClient.ServiceVersion, envelope.GetProperty("version").GetString());
        Assert.Equal("sess-77", envelope.GetProperty("sessionId").GetString());
        Assert.Equal("user", envelope.GetProperty("actor").GetProperty("type").GetString());
        Assert.Equal("u-42", envelope.GetProperty("actor").GetProperty("id").GetString());
        Assert.Equal("tenant", envelope.GetProperty("scope").GetProperty("type").GetString());
        Assert.Equal("acme", envelope.GetProperty("scope").GetProperty("id").GetString());
        Assert.Equal("eu-west", envelope.GetProperty("tags").GetProperty("region").GetString());
        var attributes = envelope.GetProperty("attributes");
        Assert.Equal("ord-1001", attributes.GetProperty("ctx.order.id").GetString());
        Assert.Equal(JsonValueKind.Number, attributes.GetProperty("attempts").ValueKind);
        Assert.Equal(3, attributes.GetProperty("attempts").GetInt64());
        Assert.False(attributes.TryGetProperty("user.id", out _), "user.id became the actor and is not repeated in attributes");
        Assert.Equal("Order ord-1001 declined for u-42 in acme: 3 attempts, eu-west", envelope.GetProperty("message").GetString());
        Assert.Equal(OtelLogClient.HostName, envelope.GetProperty("resource").GetProperty("host.name").GetString());
        Assert.False(envelope.GetProperty("resource").TryGetProperty("service.name", out _), "service.name is lifted into service");
        Assert.Equal("Shop.Checkout", envelope.GetProperty("scopeName").GetString());
        Assert.Equal("Shop.Checkout", envelope.GetProperty("source").GetProperty("causer").GetString());
        Assert.Matches("^[0-9a-f]{32}$", envelope.GetProperty("id").GetString());
        var time = DateTimeOffset.Parse(envelope.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(time, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task AnExceptionAndTheActiveTraceReachTheEnvelope(OtlpExportProtocol protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        string traceId, spanId;
        using (var client = OtelLogClient.Create(protocol == OtlpExportProtocol.Grpc ? gateway.GrpcEndpoint : gateway.HttpEndpoint, protocol))
        {
            var logger = client.CreateLogger("Shop.Payments");
            using var activity = new System.Diagnostics.Activity("charge").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();
            traceId = activity.TraceId.ToHexString();
            spanId = activity.SpanId.ToHexString();
            logger.LogError(new InvalidOperationException("Card declined"), "Charge failed");
            activity.Stop();
            Assert.True(client.Flush(), "the SDK could not export to the gateway");
        }

        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        Assert.Equal("error", envelope.GetProperty("level").GetString());
        Assert.Equal(traceId, envelope.GetProperty("traceId").GetString());
        Assert.Equal(spanId, envelope.GetProperty("spanId").GetString());
        Assert.Equal(traceId, envelope.GetProperty("sessionId").GetString());
        var error = envelope.GetProperty("error");
        Assert.Equal("InvalidOperationException", error.GetProperty("name").GetString()); // the .NET SDK sends the short type name
        Assert.Equal("Card declined", error.GetProperty("message").GetString());
        Assert.Contains("InvalidOperationException", error.GetProperty("stack").GetString(), StringComparison.Ordinal);
        Assert.Equal("Shop.Payments", envelope.GetProperty("name").GetString());
    }
}
