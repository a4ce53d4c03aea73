using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Pipeline;

namespace Gateway.Tests.Pipeline;

/// <summary>
/// An exporter that throws on one event (its writer cannot take it) never holds up the events behind it: the batch is
/// split until that event is alone, it goes to the dead-letter file with the exception, the rest is delivered.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PoisonEventTests : IDisposable
{
    private readonly string _queueDir = Directory.CreateTempSubdirectory("gateway-poison-").FullName;

    public void Dispose() => Directory.Delete(_queueDir, recursive: true);

    private static string Yaml(string queue = "{}") => $$"""
        exporters:
          store/search:
            batch: { max_size: 16, max_wait: 50ms }
            retry: { initial_interval: 10ms, max_interval: 20ms }
            queue: {{queue}}
        routes:
          - name: everything
            exporters: [store/search]
        """;

    [Fact]
    public async Task TheBatchIsSplitThePoisonIsDeadLetteredWithTheExceptionAndTheRestIsDeliveredOnce()
    {
        await using var gateway = await PipelineHarness.StartAsync(Yaml());
        using var metrics = new MetricRecorder();
        var search = gateway.Store["store/search"];
        var events = ExporterIsolationTests.Batch(16);
        var poison = events[11];
        search.ThrowOn(e => e == poison ? new InvalidOperationException("cannot serialise field [reading]") : null);

        Assert.Equal(IngestStatus.Accepted, (await gateway.Runtime.IngestAsync([.. events], CancellationToken.None)).Status);

        await Eventually.TrueAsync(() => search.DeliveredCount == 15, "the 15 good events are delivered");
        var line = Assert.Single(gateway.DeadLetterLines());
        using var entry = JsonDocument.Parse(line);
        Assert.Equal(poison.IdHex, entry.RootElement.GetProperty("event").GetProperty("id").GetString());
        Assert.Equal("System.InvalidOperationException", entry.RootElement.GetProperty("error_type").GetString());
        Assert.Contains("cannot serialise field [reading]", entry.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, metrics.Sum("gateway_dead_lettered_log_records", "exporter", "store/search", "reason", "exporter_error"));
        Assert.Equal(1, metrics.Sum("gateway_exporter_isolated_log_records", "exporter", "store/search"));
        Assert.Equal(15, metrics.Sum("otelcol_exporter_sent_log_records", "exporter", "store/search"));

        // Halving 16 down to the one event: a bounded number of calls (2 per level), not a retry loop.
        Assert.InRange(search.Attempts, 2, 1 + (2 * 4) + 1);

        // The lane is not stuck: what comes next is delivered.
        var later = ExporterIsolationTests.Batch(5);
        await gateway.Runtime.IngestAsync([.. later], CancellationToken.None);
        await Eventually.TrueAsync(() => search.DeliveredCount == 20, "later events are delivered too");
        Assert.True((await gateway.Runtime.StopAsync(CancellationToken.None)).Drained);
        var expected = events.Where(e => e != poison).Concat(later).Select(e => e.Id).Order();
        Assert.Equal(expected, search.Delivered.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task SeveralPoisonEventsInOneBatchAreEachSetAside()
    {
        await using var gateway = await PipelineHarness.StartAsync(Yaml());
        var search = gateway.Store["store/search"];
        var events = ExporterIsolationTests.Batch(16);
        var poisons = new HashSet<EventEnvelope> { events[0], events[7], events[8], events[15] };
        search.ThrowOn(e => poisons.Contains(e) ? new FormatException("bad value") : null);

        await gateway.Runtime.IngestAsync([.. events], CancellationToken.None);

        await Eventually.TrueAsync(() => search.DeliveredCount == 12 && gateway.DeadLetterLines().Length == 4, "12 delivered, 4 dead-lettered");
        var deadLettered = gateway.DeadLetterLines().Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString());
        Assert.Equal(poisons.Select(e => e.IdHex).Order(), deadLettered.Order());
        Assert.Equal(12, search.Delivered.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task AnEventThatThrowsOnlyOnceIsSentAloneAgainAndDelivered()
    {
        await using var gateway = await PipelineHarness.StartAsync(Yaml());
        var search = gateway.Store["store/search"];
        var single = Some.Envelope();
        var thrown = 0;
        search.ThrowOn(e => e == single && Interlocked.Increment(ref thrown) == 1 ? new InvalidOperationException("a fluke") : null);

        await gateway.Runtime.IngestAsync([single], CancellationToken.None);

        await Eventually.TrueAsync(() => search.DeliveredCount == 1, "the second, lone attempt delivers");
        Assert.Equal(2, search.Attempts);
        Assert.Empty(gateway.DeadLetterLines());
    }

    [Fact]
    public async Task ATransientExceptionIsRetriedWholeNotSplit()
    {
        await using var gateway = await PipelineHarness.StartAsync(Yaml());
        var search = gateway.Store["store/search"];
        var events = ExporterIsolationTests.Batch(8);
        var calls = 0;

        // Asked event by event, so this counts calls: the first three throw a network error.
        search.ThrowOn(e => e == events[0] && Interlocked.Increment(ref calls) <= 3 ? new HttpRequestException("connection refused") : null);
        await gateway.Runtime.IngestAsync([.. events], CancellationToken.None);

        await Eventually.TrueAsync(() => search.DeliveredCount == 8, "the batch is delivered once the destination answers");
        Assert.Equal([8, 8, 8, 8], search.BatchSizes);
        Assert.Empty(gateway.DeadLetterLines());
    }

    [Fact]
    public async Task APoisonEventLeasedFromDiskIsSetAsideAndAcknowledgedSoARestartDoesNotMeetItAgain()
    {
        var yaml = Yaml($"{{ type: persistent, dir: {_queueDir} }}");
        var events = ExporterIsolationTests.Batch(10);
        var poison = events[4];
        await using (var first = await PipelineHarness.StartAsync(yaml))
        {
            var search = first.Store["store/search"];
            search.ThrowOn(e => e.Id == poison.Id ? new InvalidOperationException("cannot serialise") : null);
            await first.Runtime.IngestAsync([.. events], CancellationToken.None);
            await Eventually.TrueAsync(() => search.DeliveredCount == 9, "the 9 good events are delivered");
            var report = await first.Runtime.StopAsync(CancellationToken.None);
            Assert.True(report.Drained);
            Assert.Equal(poison.IdHex, JsonDocument.Parse(Assert.Single(first.DeadLetterLines())).RootElement.GetProperty("event").GetProperty("id").GetString());
        }

        await using var second = await PipelineHarness.StartAsync(yaml);
        var restarted = second.Store["store/search"];
        restarted.ThrowOn(e => e.Id == poison.Id ? new InvalidOperationException("cannot serialise") : null);
        var next = ExporterIsolationTests.Batch(3);
        await second.Runtime.IngestAsync([.. next], CancellationToken.None);
        await Eventually.TrueAsync(() => restarted.DeliveredCount == 3, "the new events are delivered");
        Assert.True((await second.Runtime.StopAsync(CancellationToken.None)).Drained);
        Assert.Equal(next.Select(e => e.Id).Order(), restarted.Delivered.Select(e => e.Id).Order());
        Assert.Empty(second.DeadLetterLines());
    }
}
