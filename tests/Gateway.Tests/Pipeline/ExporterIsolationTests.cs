using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Pipeline;
using Gateway.Testing.Diagnostics;

namespace Gateway.Tests.Pipeline;

/// <summary>Each exporter has its own queue and workers: a hung or failing one never holds up the others or the receiver.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ExporterIsolationTests
{
    [Fact]
    public async Task WhenOneExporterHangsTheOthersDeliverEverythingAndIngestNeverWaits()
    {
        await using var gateway = await PipelineHarness.StartAsync("""
            exporters:
              store/search: {}
              store/archive: { batch: { max_size: 50 } }
              chat/oncall: { queue: { size: 20 } }
            routes:
              - name: everything
                exporters: [store/search, store/archive, chat/oncall]
            """);
        using var metrics = new MetricRecorder();
        gateway.Chat["chat/oncall"].Hang();

        for (var request = 0; request < 40; request++)
        {
            var ingest = gateway.Runtime.IngestAsync(Batch(25), CancellationToken.None);

            // Enqueueing never waits on an exporter: the receiver answers as fast with one hung as with none.
            Assert.True(ingest.IsCompleted, "ingest waited on an exporter");
            Assert.Equal(IngestStatus.Accepted, (await ingest).Status);
        }

        await Eventually.TrueAsync(() => gateway.Store["store/search"].DeliveredCount == 1000 && gateway.Store["store/archive"].DeliveredCount == 1000, "both stores deliver all 1000 events");
        Assert.Equal(0, gateway.Chat["chat/oncall"].DeliveredCount);
        Assert.Equal(20, metrics.Gauge("otelcol_exporter_queue_size", "exporter", "chat/oncall"));
        Assert.Equal(20, metrics.Gauge("otelcol_exporter_queue_capacity", "exporter", "chat/oncall"));
        Assert.Equal(980, metrics.Sum("otelcol_exporter_enqueue_failed_log_records", "exporter", "chat/oncall"));
        Assert.Equal(1000, metrics.Sum("otelcol_exporter_sent_log_records", "exporter", "store/search"));
    }

    [Fact]
    public async Task AChatExporterThatCannotKeepUpKeepsTheNewestEvents()
    {
        await using var gateway = await PipelineHarness.StartAsync("""
            exporters:
              store/search: {}
              chat/oncall: { queue: { size: 10 }, batch: { max_size: 2, max_wait: 0s } }
            routes:
              - name: everything
                exporters: [store/search, chat/oncall]
            """);
        var chat = gateway.Chat["chat/oncall"];
        chat.Hang();
        var events = Batch(30);

        Assert.Equal(IngestStatus.Accepted, (await gateway.Runtime.IngestAsync([.. events], CancellationToken.None)).Status);
        await Eventually.TrueAsync(() => chat.InFlight == 1, "the chat worker is stuck in its first call");
        chat.Recover();

        await Eventually.TrueAsync(() => chat.DeliveredCount == 10, "chat delivers what its queue kept");
        Assert.Equal(events[20..], chat.Delivered.ToList());
        await Eventually.TrueAsync(() => gateway.Store["store/search"].DeliveredCount == 30, "the store gets every event");
    }

    [Fact]
    public async Task AnExporterThatThrowsIsRetriedAndTheOthersAreUnaffected()
    {
        await using var gateway = await PipelineHarness.StartAsync("""
            exporters:
              store/search: { retry: { initial_interval: 10ms, max_interval: 10ms } }
              store/archive: {}
            routes:
              - name: everything
                exporters: [store/search, store/archive]
            """);
        gateway.Store["store/search"].Script(ExportResult.Retryable("connection refused"), ExportResult.Retryable("connection refused"));

        await gateway.Runtime.IngestAsync(Batch(5), CancellationToken.None);

        await Eventually.TrueAsync(() => gateway.Store["store/search"].DeliveredCount == 5, "search delivers after its retries");
        Assert.Equal(5, gateway.Store["store/archive"].DeliveredCount);
        Assert.Equal(3, gateway.Store["store/search"].Attempts);
    }

    [Fact]
    public async Task AFullBlockingExporterRefusesOnlyRequestsThatRouteEventsToIt()
    {
        await using var gateway = await PipelineHarness.StartAsync("""
            exporters:
              store/errors: { queue: { size: 2 }, batch: { max_wait: 0s } }
              store/search: {}
            routes:
              - name: errors
                match: { level: ">=error" }
                exporters: [store/errors]
                continue: true
              - name: everything
                exporters: [store/search]
            """);
        gateway.Store["store/errors"].Hang();

        Assert.Equal(IngestStatus.Accepted, (await gateway.Runtime.IngestAsync(Batch(2, EventLevel.Error), CancellationToken.None)).Status);
        Assert.Equal(IngestStatus.Backpressure, (await gateway.Runtime.IngestAsync([.. Batch(3), .. Batch(1, EventLevel.Error)], CancellationToken.None)).Status);
        Assert.Equal(IngestStatus.Accepted, (await gateway.Runtime.IngestAsync(Batch(3), CancellationToken.None)).Status);

        await Eventually.TrueAsync(() => gateway.Store["store/search"].DeliveredCount == 5, "search gets the accepted requests");
        gateway.Store["store/errors"].Recover();
        Assert.True((await gateway.Runtime.StopAsync(CancellationToken.None)).Drained);
        Assert.Equal(5, gateway.Store["store/search"].DeliveredCount);
        Assert.Equal(2, gateway.Store["store/errors"].DeliveredCount);
    }

    internal static List<EventEnvelope> Batch(int count, EventLevel level = EventLevel.Info)
    {
        var batch = new List<EventEnvelope>(count);
        for (var i = 0; i < count; i++) batch.Add(Some.Envelope(level: level));
        return batch;
    }
}
