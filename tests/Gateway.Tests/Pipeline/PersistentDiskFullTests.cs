using Gateway.Envelope;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Pipeline;

namespace Gateway.Tests.Pipeline;

/// <summary>A persistent queue on a real, small tmpfs that fills up, routed to together with a memory queue.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PersistentDiskFullTests : IDisposable
{
    private const int EventsPerRequest = 5;

    private readonly SmallTmpfs _disk = SmallTmpfs.Mount(256);

    public void Dispose() => _disk.Dispose();

    [Fact]
    public async Task ARequestForAQueueThatCannotStoreIsRefusedWithARetryDelayBeforeAnyOtherExporterGetsACopy()
    {
        using var metrics = new MetricRecorder();
        await using var gateway = await PipelineHarness.StartAsync($$"""
            exporters:
              store/memory: {}
              store/disk:
                queue: { type: persistent, dir: {{_disk.Path}}, size: 100000 }
            routes:
              - name: everything
                exporters: [store/memory, store/disk]
            """, beforeStart: h =>
            {
                // Nothing is delivered: each queue holds exactly what was enqueued into it.
                h.Store["store/memory"].Hang();
                h.Store["store/disk"].Hang();
            });
        var memory = gateway.Runtime.Lanes.Single(l => l.Name == "store/memory").Queue;

        var accepted = 0;
        IngestResult result;
        while ((result = await gateway.Runtime.IngestAsync(Request(), CancellationToken.None)).Status == IngestStatus.Accepted)
        {
            accepted += EventsPerRequest;
            Assert.InRange(accepted, 0, 2_000);
        }

        // The request during which the disk filled reached the memory queue first (queues are appended in turn).
        Assert.Equal(accepted + EventsPerRequest, memory.Count);
        for (var i = 0; i < 3; i++)
        {
            result = await gateway.Runtime.IngestAsync(Request(), CancellationToken.None);

            Assert.Equal(IngestStatus.StorageUnavailable, result.Status);
            Assert.Equal(GatewayRuntime.StorageRetryAfter, result.RetryAfter);
            Assert.Equal("the persistent queue of exporter store/disk cannot store events: its disk is full; retry later", result.Reason);
        }

        Assert.Equal(accepted + EventsPerRequest, memory.Count);
        Assert.Equal(4 * EventsPerRequest, metrics.Sum("gateway_queue_write_refused_log_records", "exporter", "store/disk", "reason", "disk_full"));
        var report = await gateway.Runtime.StopAsync(new CancellationToken(canceled: true));
        Assert.Equal(accepted, report.KeptOnDiskCount);
    }

    private static List<EventEnvelope> Request() =>
        Enumerable.Range(0, EventsPerRequest).Select(_ => Some.Envelope(message: new string('m', 2 * 1024))).ToList();
}
