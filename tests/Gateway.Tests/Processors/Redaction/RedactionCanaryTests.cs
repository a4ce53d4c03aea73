using Gateway.Envelope;
using Gateway.Testing.Redaction;

namespace Gateway.Tests.Processors.Redaction;

/// <summary>The canary at processor level (the host's tests run the same canary end to end through OTLP).</summary>
public sealed class RedactionCanaryTests
{
    [Fact]
    public void NoCanarySecretSurvivesTheDefaultRulesAndEveryNeighbourDoes()
    {
        var envelopes = RedactionCanary.Envelopes();
        var before = envelopes.ConvertAll(EnvelopeJson.ToJson);
        Assert.NotEmpty(RedactionCanary.Leaks(before));

        RedactionProcessorTests.Run("processors:\n  redaction: {}\n", [.. envelopes]);

        var output = envelopes.ConvertAll(EnvelopeJson.ToJson);
        Assert.Empty(RedactionCanary.Leaks(output));
        Assert.Empty(RedactionCanary.MissingNeighbours(output));
    }

    [Fact]
    public void EveryCanarySecretIsPlantedBeforeRedaction()
    {
        var before = RedactionCanary.Envelopes().ConvertAll(EnvelopeJson.ToJson);
        Assert.Equal(RedactionCanary.Secrets, RedactionCanary.Leaks(before));
        Assert.Empty(RedactionCanary.MissingNeighbours(before));
    }

    [Fact]
    public void TheOtlpFormOfTheCanaryCarriesEverySecretAndNeighbour()
    {
        string[] request = [RedactionCanaryOtlp.ExportLogsRequestJson()];
        Assert.Equal(RedactionCanary.Secrets, RedactionCanary.Leaks(request));
        Assert.Empty(RedactionCanary.MissingNeighbours(request));
    }

    [Fact]
    public void TheSummaryNamesTheKeysButNeverAValue()
    {
        var envelopes = RedactionCanary.Envelopes();
        RedactionProcessorTests.Run("processors:\n  redaction: {}\n", [.. envelopes]);

        var summaries = envelopes.ConvertAll(e => e.Redaction!);
        Assert.Contains("password", summaries[0].Keys);
        Assert.Contains("http.request.headers.Cookie", summaries[0].Keys);
        Assert.Contains("payment.cards.cvv", summaries[0].Keys);
        Assert.Contains("message", summaries[0].Keys);
        Assert.Contains("body.payment.card_number", summaries[1].Keys);
        Assert.Contains("error.stack", summaries[1].Keys);
        var keys = string.Join('\n', summaries.SelectMany(s => s.Keys));
        foreach (var secret in RedactionCanary.Secrets) Assert.DoesNotContain(secret, keys, StringComparison.Ordinal);
    }
}
