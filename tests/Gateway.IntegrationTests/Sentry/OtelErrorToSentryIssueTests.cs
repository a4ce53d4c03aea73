using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Gateway.Testing;
using Gateway.Testing.Otlp;
using Gateway.Testing.Sentry;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace Gateway.IntegrationTests.Sentry;

/// <summary>An error logged through the stock OpenTelemetry .NET SDK arrives in Sentry as one error event, with frames.</summary>
public sealed class OtelErrorToSentryIssueTests
{
    private static string GatewayYaml(SentryDouble sentry) => TestGateway.LoopbackReceivers + $"""
        exporters:
          sentry:
            dsn: {sentry.Dsn("42")}
            in_app_include: [Gateway.IntegrationTests, com.acme., /app/, github.com/acme/, http://localhost:3000/, https://shop.example.com/]
            retry: {"{"} initial_interval: 50ms, max_interval: 200ms {"}"}
        routes:
          - name: errors
            exporters: [sentry]
        """;

    [Theory]
    [InlineData("java.txt", "com.acme.shop.payment.PaymentException", "charge", "java")]
    [InlineData("node.txt", "TypeError", "lineTotal", "node")]
    [InlineData("firefox.txt", "TypeError", "lineTotal", "firefox")]
    [InlineData("safari.txt", "TypeError", "lineTotal", "safari")]
    [InlineData("python.txt", "shop.payments.errors.PaymentError", "charge", "python")]
    [InlineData("go.txt", "runtime.Error", "Charge", "go")]
    public async Task AnErrorLogWithAStackFromEachRuntimeBecomesOneSentryEventWithFramesInSentrysOrder(string fixture, string type, string throwingFunction, string runtime)
    {
        await using var sentry = await SentryDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(GatewayYaml(sentry));
        var stack = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Sentry", "Fixtures", fixture));
        var (traceId, spanId) = SendError(gateway, new Dictionary<string, object>
        {
            ["exception.type"] = type,
            ["exception.message"] = $"{runtime} failure in checkout",
            ["exception.stacktrace"] = stack,
        });

        await Eventually.TrueAsync(() => sentry.Events.Count >= 1, "the error reaches Sentry");
        var received = Assert.Single(sentry.EventsOf("42"));
        var payload = received.Payload;
        AssertCommonFields(payload, traceId, spanId);
        var exception = LastException(payload);
        Assert.Equal(type, exception.GetProperty("type").GetString());
        Assert.Equal($"{runtime} failure in checkout", exception.GetProperty("value").GetString());
        var frames = exception.GetProperty("stacktrace").GetProperty("frames");
        Assert.True(frames.GetArrayLength() >= 2, $"the {runtime} stack was parsed into frames");
        var thrower = frames[frames.GetArrayLength() - 1];
        Assert.Contains(throwingFunction, thrower.GetProperty("function").GetString(), StringComparison.Ordinal);
        Assert.True(thrower.GetProperty("in_app").GetBoolean(), "the application's own frame is in_app");
    }

    [Fact]
    public async Task ARealDotnetExceptionLoggedThroughTheSdkKeepsItsTypeMessageAndThrowingFrameLast()
    {
        await using var sentry = await SentryDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(GatewayYaml(sentry));
        string traceId, spanId;
        using (var client = OtelLogClient.Create(gateway.GrpcEndpoint, OtlpExportProtocol.Grpc))
        {
            (traceId, spanId) = InActivity(() =>
            {
                var logger = client.CreateLogger("Shop.Payments");
                using var scope = logger.BeginScope(new Dictionary<string, object> { ["user.id"] = "u-42", ["session.id"] = "sess-9" });
                try
                {
                    ThrowCardDeclined();
                }
                catch (InvalidOperationException e)
                {
                    logger.LogError(e, "Charge failed");
                }
            });
            Assert.True(client.Flush());
        }

        await Eventually.TrueAsync(() => sentry.Events.Count >= 1, "the error reaches Sentry");
        var payload = Assert.Single(sentry.Events).Payload;
        AssertCommonFields(payload, traceId, spanId);
        var exception = LastException(payload);
        // The OpenTelemetry .NET SDK writes exception.type as the short type name.
        Assert.Equal(nameof(InvalidOperationException), exception.GetProperty("type").GetString());
        Assert.Equal("Card declined", exception.GetProperty("value").GetString());
        var frames = exception.GetProperty("stacktrace").GetProperty("frames");
        Assert.Contains(nameof(ThrowCardDeclined), frames[frames.GetArrayLength() - 1].GetProperty("function").GetString(), StringComparison.Ordinal);
        Assert.Equal("csharp", payload.GetProperty("platform").GetString());
    }

    private static void AssertCommonFields(JsonElement payload, string traceId, string spanId)
    {
        Assert.Equal("error", payload.GetProperty("level").GetString());
        Assert.Equal(OtelLogClient.Environment, payload.GetProperty("environment").GetString());
        Assert.Equal($"{OtelLogClient.ServiceName}@{OtelLogClient.ServiceVersion}", payload.GetProperty("release").GetString());
        Assert.Equal(OtelLogClient.HostName, payload.GetProperty("server_name").GetString());
        Assert.Equal("u-42", payload.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal(OtelLogClient.ServiceName, payload.GetProperty("tags").GetProperty("service").GetString());
        Assert.Equal(traceId, payload.GetProperty("contexts").GetProperty("trace").GetProperty("trace_id").GetString());
        Assert.Equal(spanId, payload.GetProperty("contexts").GetProperty("trace").GetProperty("span_id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", payload.GetProperty("event_id").GetString());
    }

    private static JsonElement LastException(JsonElement payload)
    {
        var values = payload.GetProperty("exception").GetProperty("values");
        return values[values.GetArrayLength() - 1];
    }

    private static (string TraceId, string SpanId) SendError(TestGateway gateway, Dictionary<string, object> exceptionAttributes)
    {
        using var client = OtelLogClient.Create(gateway.HttpEndpoint, OtlpExportProtocol.HttpProtobuf);
        var ids = InActivity(() =>
        {
            var logger = client.CreateLogger("Shop.Checkout");
            exceptionAttributes["user.id"] = "u-42";
            exceptionAttributes["session.id"] = "sess-1";
            using var scope = logger.BeginScope(exceptionAttributes);
            logger.LogError("Checkout failed");
        });
        Assert.True(client.Flush(), "the SDK could not export to the gateway");
        return ids;
    }

    private static (string TraceId, string SpanId) InActivity(Action log)
    {
        using var activity = new Activity("checkout").SetIdFormat(ActivityIdFormat.W3C).Start();
        log();
        return (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowCardDeclined() => throw new InvalidOperationException("Card declined");
}
