using Gateway.Envelope;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Pipeline;
using Gateway.Testing.Diagnostics;

namespace Gateway.Tests.Pipeline;

/// <summary>The block policy: a full queue refuses whole requests with a retry delay, and the client's retry loses nothing.</summary>
[Collection(PipelineCollection.Name)]
public sealed class BackpressureTests
{
    private const string Config = """
        exporters:
          store/search: { queue: { size: 20 }, batch: { max_size: 5, max_wait: 0s } }
          store/archive: {}
          chat/oncall: {}
        routes:
          - name: everything
            exporters: [store/search, store/archive, chat/oncall]
        """;

    [Fact]
    public async Task AFullBlockingQueueRefusesTheWholeRequestWithARetryDelay()
    {
        await using var gateway = await PipelineHarness.StartAsync(Config);
        using var metrics = new MetricRecorder();
        var search = gateway.Store["store/search"];
        search.Hang();

        var results = new List<IngestResult>();
        for (var request = 0; request < 6; request++) results.Add(await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(5), CancellationToken.None));

        Assert.All(results.Take(4), r => Assert.Equal(IngestStatus.Accepted, r.Status));
        Assert.All(results.Skip(4), r =>
        {
            Assert.Equal(IngestStatus.Backpressure, r.Status);
            Assert.Equal(TimeSpan.FromSeconds(1), r.RetryAfter);
            Assert.Contains("store/search", r.Reason, StringComparison.Ordinal);
        });

        // Nothing of a refused request reached any exporter, or the client's retry would duplicate it.
        await Eventually.TrueAsync(() => gateway.Store["store/archive"].DeliveredCount == 20, "archive delivers the accepted requests");
        Assert.Equal(20, gateway.Chat["chat/oncall"].DeliveredCount);
        Assert.Equal(10, metrics.Sum("otelcol_exporter_enqueue_failed_log_records", "exporter", "store/search"));
        Assert.Equal(20, metrics.Sum("gateway_routed_log_records", "route", "everything"));
    }

    [Fact]
    public async Task AClientRetryingAfterBackpressureGetsEverythingDeliveredExactlyOnceWhenTheExporterRecovers()
    {
        await using var gateway = await PipelineHarness.StartAsync(Config);
        var search = gateway.Store["store/search"];
        search.Hang();
        var requests = new List<List<EventEnvelope>>();
        for (var i = 0; i < 12; i++) requests.Add(ExporterIsolationTests.Batch(5));

        var refused = new List<List<EventEnvelope>>();
        foreach (var request in requests)
        {
            var result = await gateway.Runtime.IngestAsync([.. request], CancellationToken.None);
            if (result.Status == IngestStatus.Backpressure) refused.Add(request);
        }

        Assert.Equal(8, refused.Count);
        search.Recover();

        // The client's own retry loop (as the OTel SDK retries 429 / RESOURCE_EXHAUSTED) resends each refused request.
        foreach (var request in refused)
        {
            await Eventually.TrueAsync(
                async () => (await gateway.Runtime.IngestAsync([.. request], CancellationToken.None)).Status == IngestStatus.Accepted,
                "a retried request is accepted once the exporter drains");
        }

        var all = requests.SelectMany(r => r).Select(e => e.Id).Order().ToList();
        foreach (var exporter in new[] { search, gateway.Store["store/archive"], gateway.Chat["chat/oncall"] })
        {
            await Eventually.TrueAsync(() => exporter.DeliveredCount >= 60, $"{exporter.Id} delivers all 60 events");
            Assert.Equal(all, exporter.Delivered.Select(e => e.Id).Order().ToList());
        }
    }

    [Fact]
    public async Task DropPolicyQueuesNeverRefuseARequest()
    {
        await using var gateway = await PipelineHarness.StartAsync("""
            exporters:
              store/search: { queue: { size: 5, policy: drop_newest } }
            routes:
              - name: everything
                exporters: [store/search]
            """);
        gateway.Store["store/search"].Hang();

        for (var request = 0; request < 5; request++)
        {
            Assert.Equal(IngestStatus.Accepted, (await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(5), CancellationToken.None)).Status);
        }
    }
}
