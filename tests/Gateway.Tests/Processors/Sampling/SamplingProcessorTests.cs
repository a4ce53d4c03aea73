using Gateway.Envelope;
using Gateway.Processors.Sampling;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;

namespace Gateway.Tests.Processors.Sampling;

public sealed class SamplingProcessorTests
{
    private const int Events = 100_000;

    [Theory]
    [InlineData(EventLevel.Debug, 0.01)]
    [InlineData(EventLevel.Info, 0.1)]
    [InlineData(EventLevel.Warn, 1.0)]
    public void DefaultRatesHoldWithinBinomialBoundsOn100kEvents(EventLevel level, double rate)
    {
        var processor = Create("processors:\n  sampling: {}\n");
        var batch = new List<EventEnvelope>(Events);
        for (var i = 0; i < Events; i++) batch.Add(Some.Envelope(level: level, sessionId: $"session-{i}"));

        processor.Process(batch);

        // Five standard deviations: a correct sampler fails this about once in 1.7 million seeds.
        var expected = Events * rate;
        var bound = 5 * Math.Sqrt(Events * rate * (1 - rate));
        Assert.InRange(batch.Count, expected - bound, expected + bound);
        Assert.All(batch, e => Assert.Equal(rate, e.SampleRate));
    }

    [Fact]
    public void ASessionIsNeverSplitAtOneLevel()
    {
        var processor = Create("processors:\n  sampling: {}\n");
        var batch = new List<EventEnvelope>();
        for (var session = 0; session < 2_000; session++)
        {
            for (var i = 0; i < 10; i++) batch.Add(Some.Envelope(sessionId: $"s-{session}", traceId: null));
        }

        processor.Process(batch);

        var keptPerSession = batch.GroupBy(e => e.SessionId).Select(g => g.Count()).ToList();
        Assert.InRange(keptPerSession.Count, 120, 280);
        Assert.All(keptPerSession, count => Assert.Equal(10, count));
    }

    [Fact]
    public void EventsWithoutASessionAreSampledByTraceThenByRecord()
    {
        var processor = Create("processors:\n  sampling: {}\n");
        var batch = new List<EventEnvelope>();
        for (var trace = 0; trace < 1_000; trace++)
        {
            var traceId = trace.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < 5; i++) batch.Add(Some.Envelope(sessionId: null, traceId: traceId));
        }

        processor.Process(batch);

        Assert.All(batch.GroupBy(e => e.TraceId), g => Assert.Equal(5, g.Count()));
        var unrelated = Enumerable.Range(0, 10_000).Select(_ => Some.Envelope(sessionId: null, traceId: null)).ToList();
        processor.Process(unrelated);
        Assert.InRange(unrelated.Count, 850, 1_150);
    }

    [Fact]
    public void TwoReplicasDecideAlikeAndAnotherSeedDrawsDifferently()
    {
        static List<string> Kept(string yaml)
        {
            var batch = Enumerable.Range(0, 5_000).Select(i => Some.Envelope(sessionId: $"replica-{i}")).ToList();
            Create(yaml).Process(batch);
            return batch.ConvertAll(e => e.SessionId!);
        }

        var replicaA = Kept("processors:\n  sampling: {seed: 7}\n");
        var replicaB = Kept("processors:\n  sampling: {seed: 7}\n");
        var otherSeed = Kept("processors:\n  sampling: {seed: 8}\n");

        Assert.Equal(replicaA, replicaB);
        Assert.NotEqual(replicaA, otherSeed);
        Assert.InRange(otherSeed.Count, 400, 600);
    }

    [Fact]
    public void RulesOverrideTheLevelRateFirstMatchWins()
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

        processor.Process(batch);

        Assert.Equal(1_000, batch.Count(e => e.Name == "payment.captured"));
        Assert.Equal(0, batch.Count(e => e.Service == "healthcheck"));
        Assert.Equal(1_000, batch.Count(e => e.Name == "cart.viewed"));
        Assert.All(batch, e => Assert.Equal(1.0, e.SampleRate));
    }

    [Fact]
    public void TheSamplingPriorityAttributeOverridesTheRate()
    {
        var processor = Create("processors:\n  sampling: {}\n");
        var always = Enumerable.Range(0, 500).Select(i => Some.Envelope(level: EventLevel.Debug, sessionId: $"a-{i}", attributes: [new KeyValue("sampling.priority", AttributeValue.FromLong(100))])).ToList();
        var never = Enumerable.Range(0, 500).Select(i => Some.Envelope(level: EventLevel.Error, sessionId: $"n-{i}", attributes: [new KeyValue("sampling.priority", AttributeValue.FromDouble(0))])).ToList();
        var half = Enumerable.Range(0, 4_000).Select(i => Some.Envelope(sessionId: $"h-{i}", attributes: [new KeyValue("sampling.priority", AttributeValue.FromString("50"))])).ToList();

        processor.Process(always);
        processor.Process(never);
        processor.Process(half);

        Assert.Equal(500, always.Count);
        Assert.Empty(never);
        Assert.InRange(half.Count, 1_800, 2_200);
        Assert.All(half, e => Assert.Equal(0.5, e.SampleRate));
    }

    [Fact]
    public void CountersAccountForEveryEvent()
    {
        using var counters = new MetricRecorder();
        var processor = Create("processors:\n  sampling/counted: {}\n", "sampling/counted");
        var batch = Enumerable.Range(0, 2_000).Select(i => Some.Envelope(sessionId: $"c-{i}")).ToList();

        processor.Process(batch);

        Assert.Equal(batch.Count, counters.Sum("gateway_sampling_kept", "processor", "sampling/counted", "level", "info"));
        Assert.Equal(2_000 - batch.Count, counters.Sum("gateway_sampling_sampled_out", "processor", "sampling/counted", "level", "info"));
    }

    internal static SamplingProcessor Create(string yaml, string id = "sampling", TimeProvider? time = null) =>
        TestProcessors.Create<SamplingProcessor>(yaml, id, time);
}
