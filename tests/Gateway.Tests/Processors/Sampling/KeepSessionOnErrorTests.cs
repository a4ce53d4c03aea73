using System.Buffers;
using Gateway.Envelope;
using Gateway.Processors.Sampling;
using Gateway.Testing;
using Gateway.Tests.Envelope;
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

        // Held events are kept encoded, so the released ones are new objects: compared by id and by content.
        Assert.Same(error, output[0]);
        Assert.Equal([error.Id, a1.Id, a2.Id, a3.Id], output.Select(e => e.Id));
        Assert.Equal(1.0, error.SampleRate);
        foreach (var (rescued, held) in output.Skip(1).Zip([a1, a2, a3]))
        {
            Assert.Equal(1.0, rescued.SampleRate);
            Assert.Contains(new KeyValue(SamplingProcessor.RescuedAttribute, AttributeValue.FromBool(true)), rescued.Attributes);
            AssertReleasedAsHeld(held, rescued);
        }

        Assert.DoesNotContain(error.Attributes, a => a.Key == SamplingProcessor.RescuedAttribute);
        Assert.Equal(2, _processor.HeldEvents);
    }

    [Fact]
    public void ReleasedEventsAreFieldForFieldTheEventsThatWereHeld()
    {
        KeyValue[] oneRequest = [new("host.name", AttributeValue.FromString("web-1")), new("cloud.region", AttributeValue.FromDouble(double.NaN))];
        var everything = Some.Envelope(
            sessionId: "A",
            timeUnixNano: At(1),
            attributes: EnvelopeBinaryCodecTests.EveryAttributeKind(),
            error: Some.Error(stack: "at A.B()\nat C.D()"),
            actor: new EntityRef { Type = "user", Id = "u-1", Tags = [new("plan", AttributeValue.FromString("pro"))] },
            scope: new EntityRef { Type = "tenant", Tags = [new("tier", AttributeValue.FromLong(3))] },
            tags: [new("score", AttributeValue.FromDouble(double.PositiveInfinity))],
            resource: oneRequest,
            value: double.NaN);
        everything.Body = AttributeValue.FromMap([new("bytes", AttributeValue.FromBytes([0, 255])), new("list", AttributeValue.FromArray([AttributeValue.Empty]))]);
        everything.Title = "Title";
        everything.SampleRate = 0.5;
        everything.Redaction = new RedactionSummary { Count = 1, Keys = ["password"] };
        var sparse = new EventEnvelope
        {
            Id = new UInt128(1, 2),
            Name = "sparse",
            Service = "",
            SessionId = "A",
            TimeUnixNano = At(2),
            ContextStart = true,
            SeverityNumber = -1,
            Truncated = ["attributes.payload"],
            Source = new SourceLocation { Line = null, Function = "F" },
            Body = AttributeValue.FromArray([AttributeValue.FromBool(false)]),
        };
        var oddKeys = Some.Envelope(sessionId: "A", timeUnixNano: At(3), resource: oneRequest, attributes:
        [
            new(new string('k', EnvelopeKeyTable.MaxKeyLength + 1), AttributeValue.FromString("long key")),
            new("", AttributeValue.FromString("empty key")),
        ]);
        var otherRequest = Some.Envelope(sessionId: "A", timeUnixNano: At(4), service: "billing", environment: null);
        var sameRequestAgain = Some.Envelope(sessionId: "A", timeUnixNano: At(5), resource: oneRequest);
        EventEnvelope[] held = [everything, sparse, oddKeys, otherRequest, sameRequestAgain];
        Assert.Empty(Process(held));

        var output = Process(Some.Envelope(level: EventLevel.Error, sessionId: "A", timeUnixNano: At(6)));

        Assert.Equal(held.Select(e => e.Id), output.Skip(1).Select(e => e.Id));
        for (var i = 0; i < held.Length; i++) AssertReleasedAsHeld(held[i], output[i + 1]);
        // Envelopes of one request still share their resource array, as they did before they were held.
        Assert.Same(oneRequest, output[1].Resource);
        Assert.Same(oneRequest, output[5].Resource);
    }

    [Fact]
    public void AHugeHeldEventIsReleasedWholeAndSoAreTheSmallOnesAfterIt()
    {
        var huge = Some.Envelope(sessionId: "A", timeUnixNano: At(1), message: new string('m', 300_000));
        var small = Info("A", 2);
        Process(huge);
        Process(small);

        var output = Process(Some.Envelope(level: EventLevel.Error, sessionId: "A", timeUnixNano: At(3)));

        Assert.Equal(3, output.Count);
        AssertReleasedAsHeld(huge, output[1]);
        AssertReleasedAsHeld(small, output[2]);
    }

    [Fact]
    public void AnEventNestedDeeperThanTheCodecAllowsIsDroppedAndCountedNotHeld()
    {
        using var counters = new MetricRecorder();
        var value = AttributeValue.FromLong(1);
        for (var depth = 0; depth < 70; depth++) value = AttributeValue.FromArray([value]);

        Assert.Empty(Process(Some.Envelope(sessionId: "deep", attributes: [new("deep", value)]), Info("A", 1)));

        Assert.Equal(1, _processor.HeldEvents);
        Assert.Equal(1, counters.Sum("gateway_sampling_sampled_out", "processor", "sampling/rescue", "level", "info"));
    }

    [Fact]
    public void EventsHeldInTheSameBatchAsTheErrorAreReleasedWithIt()
    {
        var before = Info("A", 1);
        var error = Some.Envelope(level: EventLevel.Fatal, sessionId: "A", timeUnixNano: At(2));
        var after = Info("A", 3);

        var output = Process(before, error, after);

        Assert.Same(error, output[0]);
        Assert.Equal([error.Id, before.Id], output.Select(e => e.Id));
        AssertReleasedAsHeld(before, output[1]);
        Assert.Equal(1, _processor.HeldEvents);
    }

    [Fact]
    public void HeldEventsAreDroppedWhenTheWindowEnds()
    {
        using var counters = new MetricRecorder();
        Process(Info("A", 1), Info("A", 2));
        _time.Advance(TimeSpan.FromSeconds(20));
        var third = Info("A", 3);
        Process(third);
        _time.Advance(TimeSpan.FromSeconds(10));

        var output = Process(Some.Envelope(level: EventLevel.Error, sessionId: "A", timeUnixNano: At(4)));

        Assert.Equal(2, output.Count);
        Assert.Equal(third.Id, output[1].Id);
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
        var c1 = Info("C", 1);
        processor.Process([Info("B", 1), c1]);

        // A kept its 3 newest events, then gave way as the oldest session when C arrived.
        Assert.Equal(2, processor.HeldEvents);
        var fromA = new List<EventEnvelope> { Some.Envelope(level: EventLevel.Error, sessionId: "A") };
        processor.Process(fromA);
        var fromC = new List<EventEnvelope> { Some.Envelope(level: EventLevel.Error, sessionId: "C") };
        processor.Process(fromC);

        Assert.Single(fromA);
        Assert.Equal(2, fromC.Count);
        Assert.Equal(c1.Id, fromC[1].Id);
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

    /// <summary>
    /// The released envelope is, field for field (compared in the codec's exact form), the held one as releasing
    /// marks it: sample rate 1 and <c>sampling.rescued</c> appended.
    /// </summary>
    internal static void AssertReleasedAsHeld(EventEnvelope held, EventEnvelope released)
    {
        Assert.NotSame(held, released);
        held.SampleRate = 1;
        held.Attributes = [.. held.Attributes, new KeyValue(SamplingProcessor.RescuedAttribute, AttributeValue.FromBool(true))];
        Assert.Equal(Encode(held), Encode(released));
        Assert.Equal(EnvelopeJson.ToJson(held), EnvelopeJson.ToJson(released));
    }

    private static byte[] Encode(EventEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeBinaryCodec.Write(buffer, envelope);
        return buffer.WrittenSpan.ToArray();
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
