using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Testing;
using Gateway.Testing.Sentry;

namespace Gateway.Tests.Sentry;

public sealed class SentryRedactionTests
{
    private const string Secret = "sk_live_51Hx9qTz7Secret";
    private const string Redacted = "[REDACTED]";

    [Fact]
    public async Task SecretsRedactedUpstreamDoNotReappearAnywhereInWhatSentryReceives()
    {
        await using var sentry = await SentryDouble.StartAsync();
        var options = SentryTestExporter.Options(sentry.Dsn("1"));
        options.TagAttributes = ["payment.api_key"];
        options.Fingerprint = ["{service}", "{attributes.payment.api_key}", "{message}"];
        // The envelope as the redaction processor hands it on: every value that held the secret is replaced.
        var envelope = Some.Envelope(
            level: EventLevel.Error,
            message: $"charge failed with key {Redacted}",
            attributes: [new("payment.api_key", AttributeValue.FromString(Redacted)), new("order.id", AttributeValue.FromString("ord-1"))],
            error: Some.Error("StripeError", $"Invalid API key {Redacted}", $"StripeError: Invalid API key {Redacted}\nno frames"),
            actor: new EntityRef { Type = "user", Id = "u-42", Tags = [new("token", AttributeValue.FromString(Redacted))] });
        envelope.Redaction = new RedactionSummary { Count = 5, Keys = ["payment.api_key", "message", "error.message", "error.stack", "actor.tags.token"] };

        var result = await SentryTestExporter.Create(options).ExportAsync(envelope);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        var received = Assert.Single(sentry.Events);
        Assert.DoesNotContain(Secret, received.Envelope, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live", received.Envelope, StringComparison.Ordinal);
        var sent = received.Payload;
        Assert.Equal(Redacted, sent.GetProperty("tags").GetProperty("payment.api_key").GetString());
        Assert.Equal(Redacted, sent.GetProperty("fingerprint")[1].GetString());
        Assert.Equal($"Invalid API key {Redacted}", sent.GetProperty("exception").GetProperty("values")[0].GetProperty("value").GetString());
        Assert.Equal(Redacted, sent.GetProperty("contexts").GetProperty("attributes").GetProperty("payment.api_key").GetString());
        Assert.Contains("payment.api_key", sent.GetProperty("contexts").GetProperty("envelope").GetProperty("redacted_keys").EnumerateArray().Select(k => k.GetString()));
    }
}
