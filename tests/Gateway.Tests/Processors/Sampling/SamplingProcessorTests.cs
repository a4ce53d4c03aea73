using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Otlp.Mapping;
using Google.Protobuf;
using Gateway.Processors.Sampling;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;

namespace Gateway.Tests.Processors.Sampling;

public sealed class SamplingProcessorTests
{
    private const int Events = 100_000;

    [Theory]
    [InlineData(EventLevel.Debug, 0.01, false)]
    [InlineData(EventLevel.Info, 0.1, false)]
    [InlineData(EventLevel.Warn, 1.0, false)]
    [InlineData(EventLevel.Debug, 0.01, true)]
    [InlineData(EventLevel.Info, 0.1, true)]
    [InlineData(EventLevel.Warn, 1.0, true)]
    public void DefaultRatesHoldWithinBinomialBoundsOn100kEvents(EventLevel level, double rate, bool beforeMapping)
    {
        var processor = Create("processors:\n  sampling: {}\n");
        var batch = new List<EventEnvelope>(Events);
        for (var i = 0; i < Events; i++) batch.Add(Some.Envelope(level: level, sessionId: $"session-{i}"));

        Sample(processor, batch, beforeMapping);

        // Five standard deviations: a correct sampler fails this about once in 1.7 million seeds.
        var expected = Events * rate;
        var bound = 5 * Math.Sqrt(Events * rate * (1 - rate));
        Assert.InRange(batch.Count, expected - bound, expected + bound);
        Assert.All(batch, e => Assert.Equal(rate, e.SampleRate));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ASessionIsNeverSplitAtOneLevel(bool beforeMapping)
    {
        var processor = Create("processors:\n  sampling: {}\n");
        var batch = new List<EventEnvelope>();
        for (var session = 0; session < 2_000; session++)
        {
            for (var i = 0; i < 10; i++) batch.Add(Some.Envelope(sessionId: $"s-{session}", traceId: null));
        }

        Sample(processor, batch, beforeMapping);

        var keptPerSession = batch.GroupBy(e => e.SessionId).Select(g => g.Count()).ToList();
        Assert.InRange(keptPerSession.Count, 120, 280);
        Assert.All(keptPerSession, count => Assert.Equal(10, count));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EventsWithoutASessionAreSampledByTraceThenByRecord(bool beforeMapping)
    {
        var processor = Create("processors:\n  sampling: {}\n");
        var batch = new List<EventEnvelope>();
        for (var trace = 0; trace < 1_000; trace++)
        {
            // From 1: an all-zero trace id is OTLP's "no trace id", which a receiver maps to none.
            var traceId = (trace + 1).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < 5; i++) batch.Add(Some.Envelope(sessionId: null, traceId: traceId));
        }

        Sample(processor, batch, beforeMapping);

        Assert.All(batch.GroupBy(e => e.TraceId), g => Assert.Equal(5, g.Count()));
        var unrelated = Enumerable.Range(0, 10_000).Select(_ => Some.Envelope(sessionId: null, traceId: null)).ToList();
        Sample(processor, unrelated, beforeMapping);
        Assert.InRange(unrelated.Count, 850, 1_150);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TwoReplicasDecideAlikeAndAnotherSeedDrawsDifferently(bool beforeMapping)
    {
        List<string> Kept(string yaml)
        {
            var batch = Enumerable.Range(0, 5_000).Select(i => Some.Envelope(sessionId: $"replica-{i}")).ToList();
            Sample(Create(yaml), batch, beforeMapping);
            return batch.ConvertAll(e => e.SessionId!);
        }

        var replicaA = Kept("processors:\n  sampling: {seed: 7}\n");
        var replicaB = Kept("processors:\n  sampling: {seed: 7}\n");
        var otherSeed = Kept("processors:\n  sampling: {seed: 8}\n");

        Assert.Equal(replicaA, replicaB);
        Assert.NotEqual(replicaA, otherSeed);
        Assert.InRange(otherSeed.Count, 400, 600);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RulesOverrideTheLevelRateFirstMatchWins(bool beforeMapping)
    {
        const string yaml = """
            processors:
              sampling:
                rules:
                  - name: "payment.*"
                    rate: 1
                  - service: healthcheck
                    rate: 0
                  - attributes: {tenant.tier: gold}
                    level: debug
                    rate: 1
            """;
        var processor = Create(yaml);
        var batch = new List<EventEnvelope>();
        for (var i = 0; i < 1_000; i++)
        {
            batch.Add(Some.Envelope(name: "payment.captured", sessionId: $"p-{i}"));
            batch.Add(Some.Envelope(name: "probe", service: "healthcheck", level: EventLevel.Error, sessionId: $"h-{i}"));
            batch.Add(Some.Envelope(name: "cart.viewed", level: EventLevel.Debug, sessionId: $"g-{i}", attributes: [new KeyValue("tenant.tier", AttributeValue.FromString("gold"))]));
        }

        Sample(processor, batch, beforeMapping);

        Assert.Equal(1_000, batch.Count(e => e.Name == "payment.captured"));
        Assert.Equal(0, batch.Count(e => e.Service == "healthcheck"));
        Assert.Equal(1_000, batch.Count(e => e.Name == "cart.viewed"));
        Assert.All(batch, e => Assert.Equal(1.0, e.SampleRate));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheSamplingPriorityAttributeOverridesTheRate(bool beforeMapping)
    {
        var processor = Create("processors:\n  sampling: {}\n");
        var always = Enumerable.Range(0, 500).Select(i => Some.Envelope(level: EventLevel.Debug, sessionId: $"a-{i}", attributes: [new KeyValue("sampling.priority", AttributeValue.FromLong(100))])).ToList();
        var never = Enumerable.Range(0, 500).Select(i => Some.Envelope(level: EventLevel.Error, sessionId: $"n-{i}", attributes: [new KeyValue("sampling.priority", AttributeValue.FromDouble(0))])).ToList();
        var half = Enumerable.Range(0, 4_000).Select(i => Some.Envelope(sessionId: $"h-{i}", attributes: [new KeyValue("sampling.priority", AttributeValue.FromString("50"))])).ToList();

        Sample(processor, always, beforeMapping);
        Sample(processor, never, beforeMapping);
        Sample(processor, half, beforeMapping);

        Assert.Equal(500, always.Count);
        Assert.Empty(never);
        Assert.InRange(half.Count, 1_800, 2_200);
        Assert.All(half, e => Assert.Equal(0.5, e.SampleRate));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CountersAccountForEveryEvent(bool beforeMapping)
    {
        using var counters = new MetricRecorder();
        var processor = Create("processors:\n  sampling/counted: {}\n", "sampling/counted");
        var batch = Enumerable.Range(0, 2_000).Select(i => Some.Envelope(sessionId: $"c-{i}")).ToList();

        Sample(processor, batch, beforeMapping);

        Assert.Equal(batch.Count, counters.Sum("gateway_sampling_kept", "processor", "sampling/counted", "level", "info"));
        Assert.Equal(2_000 - batch.Count, counters.Sum("gateway_sampling_sampled_out", "processor", "sampling/counted", "level", "info"));
    }

    /// <summary>
    /// Runs the processor on a batch as the pipeline does. With <paramref name="beforeMapping"/>, the batch goes the way
    /// a receiver takes it: sent as OTLP protobuf, the sampler deciding records before they are mapped, the rest mapped
    /// and processed, so every test here holds both ways.
    /// </summary>
    internal static void Sample(SamplingProcessor processor, List<EventEnvelope> batch, bool beforeMapping)
    {
        if (!beforeMapping)
        {
            processor.Process(batch);
            return;
        }

        var bytes = OtlpRequestBuilder.Build(new EventBatch([.. batch])).ToByteArray();
        var mapped = new List<EventEnvelope>();
        new EnvelopeMapper(new EnvelopeOptions(), TimeProvider.System).Map(bytes, mapped, processor, out var sampledOut);
        Assert.Equal(batch.Count, mapped.Count + sampledOut);
        processor.Process(mapped);
        batch.Clear();
        batch.AddRange(mapped);
    }

    internal static SamplingProcessor Create(string yaml, string id = "sampling", TimeProvider? time = null) =>
        TestProcessors.Create<SamplingProcessor>(yaml, id, time);
}
