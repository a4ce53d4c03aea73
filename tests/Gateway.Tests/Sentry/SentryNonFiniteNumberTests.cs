using Gateway.Exporters;
using Gateway.Testing;
using Gateway.Testing.Sentry;

namespace Gateway.Tests.Sentry;

/// <summary>An event carrying NaN or an infinity reaches Sentry, with the number as the string every writer uses.</summary>
public sealed class SentryNonFiniteNumberTests : IAsyncLifetime
{
    private SentryDouble _sentry = null!;

    public async Task InitializeAsync() => _sentry = await SentryDouble.StartAsync();

    public async Task DisposeAsync() => await _sentry.DisposeAsync();

    [Theory]
    [MemberData(nameof(Some.NonFiniteNumbers), MemberType = typeof(Some))]
    public async Task TheEventAndTheOnesAroundItAreSent(double number, string text)
    {
        var exporter = SentryTestExporter.Create(SentryTestExporter.Options(_sentry.Dsn("1")));
        var poison = Some.NonFiniteEnvelope(number);

        var result = await exporter.ExportAsync(Some.Envelope(level: Gateway.Envelope.EventLevel.Error), poison, Some.Envelope(level: Gateway.Envelope.EventLevel.Error));

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        Assert.Equal(3, _sentry.Events.Count);
        var sent = Assert.Single(_sentry.Events, e => e.EventId == poison.IdHex).Payload;
        var contexts = sent.GetProperty("contexts");
        Assert.Equal(text, contexts.GetProperty("envelope").GetProperty("sample_rate").GetString());
        Assert.Equal(text, contexts.GetProperty("attributes").GetProperty("ratio").GetString());
        Assert.Equal(text, contexts.GetProperty("attributes").GetProperty("readings")[1].GetString());
        Assert.Equal(text, contexts.GetProperty("resource").GetProperty("service.instance.load").GetString());
        Assert.Equal(text, sent.GetProperty("tags").GetProperty("score").GetString());
    }
}
