using Gateway.Exporters;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Pipeline;

namespace Gateway.Tests.Pipeline;

/// <summary>Stopping while a destination is down: a persistent queue keeps what it could not deliver for the next start.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PersistentShutdownTests : IDisposable
{
    private readonly string _queueDir = Directory.CreateTempSubdirectory("gateway-persistent-stop-").FullName;

    public void Dispose() => Directory.Delete(_queueDir, recursive: true);

    private string Yaml => $$"""
        exporters:
          store/search:
            batch: { max_size: 2, max_wait: 0s }
            retry: { initial_interval: 10ms, max_interval: 20ms }
            queue: { type: persistent, dir: {{_queueDir}} }
        routes:
          - name: everything
            exporters: [store/search]
        """;

    [Fact]
    public async Task WhatIsNotDeliveredByTheShutdownTimeoutStaysOnDiskAndIsDeliveredAfterTheNextStart()
    {
        var events = ExporterIsolationTests.Batch(5);
        await using (var down = await PipelineHarness.StartAsync(Yaml, shutdownTimeout: "300ms"))
        {
            var search = down.Store["store/search"];
            search.FailWith(ExportResult.Retryable("503 Service Unavailable"));
            Assert.Equal(IngestStatus.Accepted, (await down.Runtime.IngestAsync([.. events], CancellationToken.None)).Status);
            await Eventually.TrueAsync(() => search.Attempts >= 2, "the search exporter is retrying");

            var report = await down.Runtime.StopAsync(CancellationToken.None);

            Assert.False(report.Drained);
            var kept = Assert.Single(report.Undelivered);
            Assert.Equal(new ExporterShutdownReport("store/search", DeadLettered: 0, StillInFlight: 0) { KeptOnDisk = 5 }, kept);
            Assert.Equal(5, report.KeptOnDiskCount);
            Assert.Empty(down.DeadLetterLines());
        }

        await using var up = await PipelineHarness.StartAsync(Yaml);
        var delivered = up.Store["store/search"];
        await Eventually.TrueAsync(() => delivered.DeliveredCount >= 5, "the kept events are delivered after the restart");
        Assert.Equal(events.Select(e => e.Id).Order(), delivered.Delivered.Select(e => e.Id).Order());
        Assert.True((await up.Runtime.StopAsync(CancellationToken.None)).Drained);
        Assert.Empty(up.DeadLetterLines());
    }
}
