using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Pipeline;
using Gateway.Testing.Diagnostics;

namespace Gateway.Tests.Pipeline;

/// <summary>Stopping: no new events, queued ones drained to the exporters that are up, the rest reported and kept.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ShutdownTests
{
    [Fact]
    public async Task StopDrainsQueuedEventsAndThenRefusesNewOnes()
    {
        await using var gateway = await PipelineHarness.StartAsync("""
            exporters:
              store/archive: { batch: { max_wait: 10m } }
            routes:
              - name: everything
                exporters: [store/archive]
            """);
        var archive = gateway.Store["store/archive"];
        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(7), CancellationToken.None);
        Assert.Equal(0, archive.DeliveredCount);

        var report = await gateway.Runtime.StopAsync(CancellationToken.None);

        Assert.True(report.Drained);
        Assert.Equal(7, archive.DeliveredCount);
        Assert.Equal(IngestStatus.ShuttingDown, (await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(1), CancellationToken.None)).Status);
        Assert.Empty(gateway.DeadLetterLines());
    }

    [Fact]
    public async Task WhenAnExporterIsDownStopDrainsTheOthersAndReportsAndKeepsWhatItCouldNotDeliver()
    {
        await using var gateway = await PipelineHarness.StartAsync("""
            exporters:
              store/archive: { batch: { max_wait: 10m } }
              store/search: { batch: { max_size: 2, max_wait: 0s } }
            routes:
              - name: everything
                exporters: [store/archive, store/search]
            """, shutdownTimeout: "3s"); // the hung exporter costs the whole budget; the healthy one must fit in it even on a loaded machine
        var search = gateway.Store["store/search"];
        search.Hang();
        var events = ExporterIsolationTests.Batch(5);
        await gateway.Runtime.IngestAsync([.. events], CancellationToken.None);
        await Eventually.TrueAsync(() => search.InFlight == 1, "search is stuck on its first batch");

        var report = await gateway.Runtime.StopAsync(CancellationToken.None);

        Assert.False(report.Drained);
        Assert.Equal(5, gateway.Store["store/archive"].DeliveredCount);
        var undelivered = Assert.Single(report.Undelivered);
        Assert.Equal(new ExporterShutdownReport("store/search", DeadLettered: 5, StillInFlight: 0), undelivered);
        var lines = gateway.DeadLetterLines();
        Assert.Equal(5, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"exporter\":\"store/search\",\"reason\":\"not delivered before the shutdown timeout\",\"error_type\":\"shutdown\"", l, StringComparison.Ordinal));
        Assert.Equal(events.Select(e => e.IdHex).Order(), lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task UnroutedEventsAreCountedAndReported()
    {
        using var logs = new LogRecorder();
        using var metrics = new MetricRecorder();
        await using var gateway = await PipelineHarness.StartAsync("""
            exporters:
              chat/oncall: {}
            routes:
              - name: errors
                match: { level: ">=error" }
                exporters: [chat/oncall]
            """, logging: logs.CreateFactory());

        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(3), CancellationToken.None);
        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(2, Gateway.Envelope.EventLevel.Error), CancellationToken.None);

        await Eventually.TrueAsync(() => gateway.Chat["chat/oncall"].DeliveredCount == 2, "errors reach chat");
        Assert.Equal(3, metrics.Sum("gateway_unrouted_log_records"));
        Assert.Equal(2, metrics.Sum("gateway_routed_log_records", "route", "errors"));
        Assert.Contains(logs.Entries, e => e.EventId == 1102 && e.Message.StartsWith("3 event(s) matched no route", StringComparison.Ordinal));
    }
}
