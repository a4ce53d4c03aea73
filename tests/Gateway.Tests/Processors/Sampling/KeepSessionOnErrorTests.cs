using Gateway.Envelope;
using Gateway.Processors.Sampling;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Processors.Sampling;

public sealed class KeepSessionOnErrorTests
{
    /// <summary>Info is all but never kept, so every info event is one sampling would drop.</summary>
    private const string Yaml = """
        processors:
          sampling/rescue:
            rates: {info: 0.000001}
            keep_session_on_error: {window: 30s, max_sessions: 100, max_events_per_session: 50}
        """;

    private readonly FakeTimeProvider _time = new();
    private readonly SamplingProcessor _processor;

    public KeepSessionOnErrorTests() => _processor = SamplingProcessorTests.Create(Yaml, "sampling/rescue", _time);

    [Fact]
    public void AnErrorReleasesExactlyTheHeldEventsOfItsSessionInTimeOrder()
    {
        var a3 = Info("A", 3);
        var a1 = Info("A", 1);
        var b1 = Info("B", 2);
        var a2 = Info("A", 2);
        Assert.Empty(Process(a3, a1, b1));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(Process(a2));

        var error = Some.Envelope(level: EventLevel.Error, sessionId: "A", timeUnixNano: At(4));
        var output = Process(Info("C", 1), error);

        Assert.Equal([error, a1, a2, a3], output);
        Assert.Equal(1.0, error.SampleRate);
        foreach (var rescued in output.Skip(1))
        {
            Assert.Equal(1.0, rescued.SampleRate);
            Assert.Contains(new KeyValue(SamplingProcessor.RescuedAttribute, AttributeValue.FromBool(true)), rescued.Attributes);
        }

        Assert.DoesNotContain(error.Attributes, a => a.Key == SamplingProcessor.RescuedAttribute);
        Assert.Equal(2, _processor.HeldEvents);
    }

    [Fact]
    public void EventsHeldInTheSameBatchAsTheErrorAreReleasedWithIt()
    {
        var before = Info("A", 1);
        var error = Some.Envelope(level: EventLevel.Fatal, sessionId: "A", timeUnixNano: At(2));
        var after = Info("A", 3);

        var output = Process(before, error, after);

        Assert.Equal([error, before], output);
        Assert.Equal(1, _processor.HeldEvents);
    }

    [Fact]
    public void HeldEventsAreDroppedWhenTheWindowEnds()
    {
        using var counters = new MetricRecorder();
        Process(Info("A", 1), Info("A", 2));
        _time.Advance(TimeSpan.FromSeconds(20));
        Process(Info("A", 3));
        _time.Advance(TimeSpan.FromSeconds(10));

        var output = Process(Some.Envelope(level: EventLevel.Error, sessionId: "A", timeUnixNano: At(4)));

        Assert.Equal(2, output.Count);
        Assert.Equal(At(3), output[1].TimeUnixNano);
        Assert.Equal(2, counters.Sum("gateway_sampling_sampled_out", "processor", "sampling/rescue", "level", "info"));
        Assert.Equal(1, counters.Sum("gateway_sampling_rescued", "processor", "sampling/rescue", "level", "info"));
    }

    [Fact]
    public void TheHeldEventsGaugeShowsWhatIsWaiting()
    {
        using var counters = new MetricRecorder();
        var processor = SamplingProcessorTests.Create(Yaml.Replace("sampling/rescue", "sampling/gauge", StringComparison.Ordinal), "sampling/gauge", _time);
        processor.Process([Info("A", 1), Info("A", 2), Info("B", 1)]);


        Assert.Equal(3, counters.Gauge("gateway_sampling_held_events", "processor", "sampling/gauge"));
    }

    [Fact]
    public void AnErrorAfterTheWindowReleasesNothing()
    {
        Process(Info("A", 1));
        _time.Advance(TimeSpan.FromSeconds(31));
        var error = Some.Envelope(level: EventLevel.Error, sessionId: "A", timeUnixNano: At(2));

        Assert.Equal([error], Process(error));
        Assert.Equal(0, _processor.HeldEvents);
    }

    [Fact]
    public void MemoryStaysWithinTheLimitsAndEvictionsAreCounted()
    {
        using var counters = new MetricRecorder();
        const string yaml = """
            processors:
              sampling/limits:
                rates: {info: 0.000001}
                keep_session_on_error: {window: 1m, max_sessions: 2, max_events_per_session: 3}
            """;
        var processor = SamplingProcessorTests.Create(yaml, "sampling/limits", _time);
        processor.Process([Info("A", 1), Info("A", 2), Info("A", 3), Info("A", 4), Info("A", 5)]);
        processor.Process([Info("B", 1), Info("C", 1)]);

        // A kept its 3 newest events, then gave way as the oldest session when C arrived.
        Assert.Equal(2, processor.HeldEvents);
        var fromA = new List<EventEnvelope> { Some.Envelope(level: EventLevel.Error, sessionId: "A") };
        processor.Process(fromA);
        var fromC = new List<EventEnvelope> { Some.Envelope(level: EventLevel.Error, sessionId: "C") };
        processor.Process(fromC);

        Assert.Single(fromA);
        Assert.Equal(2, fromC.Count);
        Assert.Equal(2, counters.Sum("gateway_sampling_evicted", "processor", "sampling/limits", "limit", "max_events_per_session"));
        Assert.Equal(3, counters.Sum("gateway_sampling_evicted", "processor", "sampling/limits", "limit", "max_sessions"));
    }

    [Fact]
    public void EventsWithoutASessionOrAtRateZeroAreNotHeld()
    {
        const string yaml = """
            processors:
              sampling/zero:
                rates: {info: 0.000001}
                rules: [{service: healthcheck, rate: 0}]
                keep_session_on_error: {}
            """;
        var processor = SamplingProcessorTests.Create(yaml, "sampling/zero", _time);
        processor.Process([Some.Envelope(sessionId: null, traceId: null), Some.Envelope(service: "healthcheck", sessionId: "A")]);
        Assert.Equal(0, processor.HeldEvents);
    }

    [Fact]
    public void ALongRunOfReleasedSessionsKeepsTheHoldBounded()
    {
        for (var i = 0; i < 5_000; i++)
        {
            var session = $"s-{i}";
            Process(Info(session, 1), Some.Envelope(level: EventLevel.Error, sessionId: session));
        }

        Assert.Equal(0, _processor.HeldEvents);
    }

    private List<EventEnvelope> Process(params EventEnvelope[] envelopes)
    {
        var batch = new List<EventEnvelope>(envelopes);
        _processor.Process(batch);
        return batch;
    }

    private static EventEnvelope Info(string session, int second) => Some.Envelope(sessionId: session, timeUnixNano: At(second));

    private static long At(int second) => Some.BaseTimeUnixNano + second * 1_000_000_000L;
}
