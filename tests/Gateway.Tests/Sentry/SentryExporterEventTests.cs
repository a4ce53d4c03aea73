using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Testing;
using Gateway.Testing.Sentry;

namespace Gateway.Tests.Sentry;

/// <summary>What a user sees in Sentry for an envelope: one event per envelope, with the app's data and nothing of the gateway's.</summary>
public sealed class SentryExporterEventTests : IAsyncLifetime
{
    private SentryDouble _sentry = null!;

    public async Task InitializeAsync() => _sentry = await SentryDouble.StartAsync();

    public async Task DisposeAsync() => await _sentry.DisposeAsync();

    public static TheoryData<string, string, string, string, string, string> Runtimes => new()
    {
        // fixture, telemetry.sdk.language, Sentry platform, exception type, function of the frame that threw, of the oldest frame
        { "dotnet.txt", "dotnet", "csharp", "System.InvalidOperationException", "PlaceAsync", "<Invoke>g__AwaitRequestTask|7_0" },
        { "java.txt", "java", "java", "com.acme.shop.payment.PaymentException", "charge", "run" },
        { "node.txt", "nodejs", "javascript", "TypeError", "lineTotal", "process.processTicksAndRejections" },
        { "firefox.txt", "webjs", "javascript", "TypeError", "lineTotal", "" },
        { "safari.txt", "webjs", "javascript", "TypeError", "lineTotal", "global code" },
        { "python.txt", "python", "python", "shop.payments.errors.PaymentError", "charge", "place_order" },
        { "go.txt", "go", "go", "runtime.Error", "(*Client).Charge", "(*Server).Serve" },
    };

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task AnErrorWithAStackBecomesOneEventWithEverythingTheIssueShows(string fixture, string language, string platform, string type, string thrower, string oldest)
    {
        var envelope = Some.Envelope(
            name: "payment.failed",
            level: EventLevel.Error,
            message: "Payment failed",
            error: Some.Error(type, "Payment for order ord-1001 failed", Fixture.Stack(fixture)),
            resource: [new("host.name", AttributeValue.FromString("web-1")), new("telemetry.sdk.language", AttributeValue.FromString(language))]);
        var exporter = SentryTestExporter.Create(SentryTestExporter.Options(_sentry.Dsn("1")));

        var result = await exporter.ExportAsync(envelope);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        var sent = Assert.Single(_sentry.Events).Payload;
        Assert.Equal(envelope.IdHex, sent.GetProperty("event_id").GetString());
        Assert.Equal(envelope.Time, sent.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(platform, sent.GetProperty("platform").GetString());
        Assert.Equal("error", sent.GetProperty("level").GetString());
        Assert.Equal("production", sent.GetProperty("environment").GetString());
        Assert.Equal("checkout@1.4.2", sent.GetProperty("release").GetString());
        Assert.Equal("web-1", sent.GetProperty("server_name").GetString());
        Assert.Equal("Shop.Checkout", sent.GetProperty("logger").GetString());
        Assert.Equal("Payment failed", sent.GetProperty("logentry").GetProperty("formatted").GetString());
        Assert.Equal("u-42", sent.GetProperty("user").GetProperty("id").GetString());
        var tags = sent.GetProperty("tags");
        Assert.Equal("checkout", tags.GetProperty("service").GetString());
        Assert.Equal("payment.failed", tags.GetProperty("event.name").GetString());
        Assert.Equal("production", tags.GetProperty("environment").GetString());
        Assert.Equal("user", tags.GetProperty("actor.type").GetString());
        Assert.Equal("tenant", tags.GetProperty("scope.type").GetString());
        Assert.Equal("acme", tags.GetProperty("scope.id").GetString());
        var trace = sent.GetProperty("contexts").GetProperty("trace");
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", trace.GetProperty("trace_id").GetString());
        Assert.Equal("00f067aa0ba902b7", trace.GetProperty("span_id").GetString());
        var caught = sent.GetProperty("exception").GetProperty("values").EnumerateArray().Last();
        Assert.Equal(type, caught.GetProperty("type").GetString());
        Assert.Equal("Payment for order ord-1001 failed", caught.GetProperty("value").GetString());
        var frames = caught.GetProperty("stacktrace").GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(thrower, frames[^1].GetProperty("function").GetString());
        Assert.Equal(oldest, frames[0].TryGetProperty("function", out var first) ? first.GetString() : "");
        Assert.DoesNotContain(frames, f => f.GetRawText().Contains("Gateway.", StringComparison.Ordinal) || f.GetRawText().Contains("Xunit", StringComparison.Ordinal));
        Assert.False(sent.TryGetProperty("fingerprint", out _), "a parsed stack is grouped by Sentry's default");
    }

    [Fact]
    public void TheSdksOwnModelReadsOurEventWithOurIdAndTimestamp()
    {
        var envelope = Some.Envelope(level: EventLevel.Error, error: Some.Error(stack: Fixture.Stack("dotnet.txt")));

        var payload = SentryPayload.Of(envelope, new() { Dsn = "https://k@sentry.example.com/1" });
        var read = global::Sentry.SentryEvent.FromJson(payload);

        Assert.Equal(envelope.IdHex, read.EventId.ToString());
        Assert.Equal(envelope.Time, read.Timestamp);
        Assert.Equal(global::Sentry.SentryLevel.Error, read.Level);
        Assert.Equal("System.InvalidOperationException", read.SentryExceptions!.Last().Type);
    }

    [Fact]
    public async Task AForwardedEventCarriesNothingOfTheGatewaysMachineUserOrStack()
    {
        var envelope = Some.Envelope(level: EventLevel.Warn, actor: new EntityRef { Type = "service", Id = "billing-cron" }, message: "Disk almost full");

        await SentryTestExporter.Create(SentryTestExporter.Options(_sentry.Dsn("1"))).ExportAsync(envelope);

        var sent = Assert.Single(_sentry.Events).Payload;
        Assert.Equal("warning", sent.GetProperty("level").GetString());
        Assert.False(sent.TryGetProperty("user", out _), "no installation id stands in for a missing user");
        Assert.False(sent.TryGetProperty("exception", out _));
        Assert.False(sent.TryGetProperty("threads", out _), "the gateway's own stack is never attached");
        Assert.False(sent.TryGetProperty("stacktrace", out _), "the gateway's own stack is never attached");
        Assert.False(sent.TryGetProperty("modules", out _));
        var contexts = sent.GetProperty("contexts");
        foreach (var gatewayContext in new[] { "os", "device", "runtime", "app", "culture", "Current Culture", "Memory Info", "ThreadPool Info" })
        {
            Assert.False(contexts.TryGetProperty(gatewayContext, out _), $"the gateway's '{gatewayContext}' context leaked into a forwarded event");
        }

        Assert.Equal("web-1", sent.GetProperty("server_name").GetString());
        Assert.DoesNotContain(System.Environment.MachineName, _sentry.Events[0].Envelope, StringComparison.Ordinal);
        Assert.Equal("telemetry-gateway.sentry", sent.GetProperty("sdk").GetProperty("name").GetString());
    }

    [Fact]
    public async Task AStackNoParserKnowsIsKeptWholeAndGroupedByFingerprint()
    {
        const string stack = "ERR 17 at block 0x2f in job runner\n  (frame data unavailable)";
        var envelope = Some.Envelope(level: EventLevel.Error, error: Some.Error("JobFailed", "job 4411 failed", stack));

        await SentryTestExporter.Create(SentryTestExporter.Options(_sentry.Dsn("1"))).ExportAsync(envelope);

        var sent = Assert.Single(_sentry.Events).Payload;
        Assert.Equal(stack, sent.GetProperty("extra").GetProperty("error.stack").GetString());
        Assert.Equal(["checkout", "JobFailed", "job <n> failed"], sent.GetProperty("fingerprint").EnumerateArray().Select(e => e.GetString()));
        Assert.False(sent.GetProperty("exception").GetProperty("values")[0].TryGetProperty("stacktrace", out _));
    }

    [Fact]
    public async Task ConfiguredAttributesBecomeTagsAndTheEnvironmentCanBeOverridden()
    {
        var options = SentryTestExporter.Options(_sentry.Dsn("1"));
        options.TagAttributes = ["ctx.order.id", "http.status_code", "absent.key"];
        options.Environment = "staging";

        await SentryTestExporter.Create(options).ExportAsync(Some.Envelope(level: EventLevel.Error));

        var sent = Assert.Single(_sentry.Events).Payload;
        Assert.Equal("ord-1001", sent.GetProperty("tags").GetProperty("ctx.order.id").GetString());
        Assert.Equal("200", sent.GetProperty("tags").GetProperty("http.status_code").GetString());
        Assert.False(sent.GetProperty("tags").TryGetProperty("absent.key", out _));
        Assert.Equal("staging", sent.GetProperty("environment").GetString());
        Assert.Equal("ord-1001", sent.GetProperty("contexts").GetProperty("attributes").GetProperty("ctx.order.id").GetString());
        Assert.Equal("sess-1", sent.GetProperty("contexts").GetProperty("envelope").GetProperty("session_id").GetString());
        Assert.Equal("Shop.Checkout", sent.GetProperty("contexts").GetProperty("envelope").GetProperty("source").GetProperty("causer").GetString());
    }

    [Fact]
    public void ATagNamedTwiceIsWrittenOnceTheGatewaysOwnWinning()
    {
        var options = new Gateway.Exporters.Sentry.SentryExporterOptions { Dsn = "https://k@sentry.example.com/1", TagAttributes = ["service", "region", "region"] };
        var envelope = Some.Envelope(
            level: EventLevel.Error,
            tags: [new("service", AttributeValue.FromString("spoofed")), new("region", AttributeValue.FromString("eu-1"))],
            attributes: [new("service", AttributeValue.FromString("also-spoofed")), new("region", AttributeValue.FromString("us-2"))]);

        var tags = SentryPayload.Of(envelope, options).GetProperty("tags");

        Assert.Equal(1, tags.EnumerateObject().Count(p => p.Name == "service"));
        Assert.Equal("checkout", tags.GetProperty("service").GetString());
        Assert.Equal(1, tags.EnumerateObject().Count(p => p.Name == "region"));
        Assert.Equal("eu-1", tags.GetProperty("region").GetString());
    }

    [Fact]
    public async Task RetryingABatchSendsTheSameEventIdSoSentryKeepsOneEvent()
    {
        var envelope = Some.Envelope(level: EventLevel.Error);
        var exporter = SentryTestExporter.Create(SentryTestExporter.Options(_sentry.Dsn("1")));

        await exporter.ExportAsync(envelope);
        await exporter.ExportAsync(envelope);

        Assert.Equal(2, _sentry.Events.Count);
        Assert.Single(_sentry.Events.Select(e => e.EventId).Distinct());
        Assert.Equal(envelope.IdHex, _sentry.Events[0].EnvelopeHeader.GetProperty("event_id").GetString());
    }
}
