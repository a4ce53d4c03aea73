using System.Text;
using Gateway.Envelope;
using Gateway.Taps;
using Gateway.Testing;

namespace Gateway.Tests.Taps;

/// <summary>The tap's buffer: the pipeline's offer never waits, a full buffer drops and counts, and no tap means no work.</summary>
public sealed class TapSubscriptionTests
{
    [Fact]
    public async Task AFullBufferLeavesEventsOutAndCountsThemWithoutEverWaiting()
    {
        var rendered = 0;
        var tap = new TapSubscription(TapPoint.Processed, null, 4, e =>
        {
            rendered++;
            return Encoding.UTF8.GetBytes(e.Name);
        });

        for (var i = 0; i < 100; i++) tap.Offer(Some.Envelope(name: $"e{i}"));

        Assert.Equal(96, tap.Dropped);
        Assert.Equal(0, rendered);
        var first = await tap.ReadAsync(CancellationToken.None);
        Assert.Equal("e0", Encoding.UTF8.GetString(first!));
        tap.Offer(Some.Envelope(name: "after"));
        Assert.Equal(96, tap.Dropped);
    }

    [Fact]
    public async Task BeforeTheProcessorsTheEventIsRenderedWhenOfferedSoLaterRedactionDoesNotShow()
    {
        var envelope = Some.Envelope(name: "before", attributes: [new KeyValue("password", AttributeValue.FromString("hunter2"))]);
        var tap = new TapSubscription(TapPoint.Received, null, 4, e => Encoding.UTF8.GetBytes(EnvelopeJson.ToJson(e)));

        tap.Offer(envelope);
        envelope.Attributes = [new KeyValue("password", AttributeValue.FromString("[REDACTED]"))];

        Assert.Contains("hunter2", Encoding.UTF8.GetString((await tap.ReadAsync(CancellationToken.None))!), StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoTapAttachedThePipelineFindsNothingToOffer()
    {
        var taps = new PipelineTaps();
        var tap = new TapSubscription(TapPoint.Processed, null, 4, e => []);

        Assert.Null(taps.Attached);
        Assert.True(taps.TryAttach(tap, max: 1));
        Assert.False(taps.TryAttach(new TapSubscription(TapPoint.Processed, null, 4, e => []), max: 1));
        taps.Detach(tap);
        Assert.Null(taps.Attached);
    }
}
