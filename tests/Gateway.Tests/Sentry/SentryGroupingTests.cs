using Gateway.Envelope;
using Gateway.Exporters.Sentry;
using Gateway.Exporters.Sentry.Grouping;
using Gateway.Testing;

namespace Gateway.Tests.Sentry;

public sealed class SentryGroupingTests
{
    private readonly SentryExporterOptions _options = new() { Dsn = "https://k@sentry.example.com/1" };

    [Fact]
    public void TheSameErrorAndStackGiveTheSameGroupingInputWhateverTheOccurrence()
    {
        var first = SentryPayload.Of(Some.Envelope(level: EventLevel.Error, message: "order 1", error: Some.Error(stack: Fixture.Stack("java.txt"))), _options);
        var second = SentryPayload.Of(Some.Envelope(level: EventLevel.Error, message: "order 2", sessionId: "other", error: Some.Error(stack: Fixture.Stack("java.txt"))), _options);

        Assert.NotEqual(first.GetProperty("event_id").GetString(), second.GetProperty("event_id").GetString());
        Assert.Equal(first.GetProperty("exception").GetRawText(), second.GetProperty("exception").GetRawText());
    }

    [Fact]
    public void WithoutAStackTheFingerprintIgnoresIdsAndNumbersButNotTheService()
    {
        var first = Fingerprint(Some.Envelope(level: EventLevel.Error, error: Some.Error("TimeoutError", "order 1001 timed out after 30s calling 10.0.0.12:5432 (req 7f3a9c2e1b4d)")));
        var second = Fingerprint(Some.Envelope(level: EventLevel.Error, error: Some.Error("TimeoutError", "order 2002 timed out after 31s calling 10.0.0.13:5432 (req 0a1b2c3d4e5f)")));
        var otherService = Fingerprint(Some.Envelope(service: "payments", level: EventLevel.Error, error: Some.Error("TimeoutError", "order 1001 timed out after 30s calling 10.0.0.12:5432 (req 7f3a9c2e1b4d)")));

        Assert.Equal<string>(["checkout", "TimeoutError", "order <n> timed out after <n>s calling <ip> (req <hex>)"], first);
        Assert.Equal(first, second);
        Assert.NotEqual(first, otherService);
    }

    [Fact]
    public void WithoutAnErrorTheEventNameStandsInForItsType()
    {
        Assert.Equal<string>(["checkout", "order.placed", "Order placed"], Fingerprint(Some.Envelope()));
    }

    [Fact]
    public void FingerprintTemplatesCombineLiteralsPlaceholdersAndAttributes()
    {
        _options.Fingerprint = ["{default}", "db-{attributes.http.status_code}", "{level}"];

        Assert.Equal<string>(["{{ default }}", "db-200", "error"], Fingerprint(Some.Envelope(level: EventLevel.Error)));
    }

    [Theory]
    [InlineData("{servce}", "unknown placeholder '{servce}'")]
    [InlineData("{service", "without a closing")]
    [InlineData("", "empty")]
    public void ABadTemplateIsRefusedWithTheSupportedPlaceholders(string template, string expected)
    {
        Assert.False(FingerprintTemplate.TryParse(template, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private List<string> Fingerprint(EventEnvelope envelope) =>
        [.. SentryPayload.Of(envelope, _options).GetProperty("fingerprint").EnumerateArray().Select(e => e.GetString()!)];
}
