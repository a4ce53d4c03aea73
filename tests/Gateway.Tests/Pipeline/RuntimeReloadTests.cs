using Gateway.Exporters;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Pipeline;

namespace Gateway.Tests.Pipeline;

/// <summary>A reload's runtime swap: unchanged exporters keep running, removed or changed ones drain, nothing is lost.</summary>
[Collection(PipelineCollection.Name)]
public sealed class RuntimeReloadTests
{
    private const string Before = """
        exporters:
          store/kept: { batch: { max_wait: 0s } }
          store/changed: { batch: { max_wait: 0s, max_size: 100 } }
          store/removed: { batch: { max_wait: 0s } }
        routes:
          - name: everything
            exporters: [store/kept, store/changed, store/removed]
        """;

    private const string After = """
        exporters:
          # the same block, written differently: still unchanged
          store/kept:
            batch: { max_wait: "0s" }
          store/changed: { batch: { max_wait: 0s, max_size: 10 } }
          store/added: { batch: { max_wait: 0s } }
        routes:
          - name: everything
            exporters: [store/kept, store/changed, store/added]
        """;

    [Fact]
    public async Task AnUnchangedExporterKeepsItsLaneAndTheOthersDrainBeforeTheyGo()
    {
        await using var gateway = await PipelineHarness.StartAsync(Before);
        var kept = Lane(gateway.Runtime, "store/kept");
        var changed = Lane(gateway.Runtime, "store/changed");
        gateway.Store["store/removed"].Hang();
        gateway.Store["store/changed"].Hang();
        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(5), CancellationToken.None);
        var old = gateway.Runtime;

        var retirement = await gateway.ReloadAsync(After);

        Assert.Same(kept, Lane(gateway.Runtime, "store/kept"));
        Assert.NotSame(changed, Lane(gateway.Runtime, "store/changed"));
        Assert.DoesNotContain(gateway.Runtime.Lanes, l => l.Name == "store/removed");
        Assert.Equal(IngestStatus.ShuttingDown, (await old.IngestAsync(ExporterIsolationTests.Batch(1), CancellationToken.None)).Status);
        Assert.False(retirement.IsCompleted, "the removed and changed lanes still hold their events");

        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(3), CancellationToken.None);
        gateway.Store["store/removed"].Recover();
        gateway.Store["store/changed"].Recover();
        await retirement.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5, gateway.Store["store/removed"].DeliveredCount);
        await Eventually.TrueAsync(() => gateway.Store["store/changed"].DeliveredCount == 8 && gateway.Store["store/kept"].DeliveredCount == 8, "every event delivered once");
        Assert.Equal(3, gateway.Store["store/added"].DeliveredCount);
    }

    [Fact]
    public async Task AnExporterShowsRetryingSinceItsFirstFailureAndOkOnceItDelivers()
    {
        var time = new TimerCountingTimeProvider();
        await using var gateway = await PipelineHarness.StartAsync("""
            exporters:
              store/health: { batch: { max_wait: 0s }, retry: { initial_interval: 1s, jitter: 0 } }
            routes:
              - name: everything
                exporters: [store/health]
            """, time);
        var lane = Lane(gateway.Runtime, "store/health");
        gateway.Store["store/health"].Script(ExportResult.Retryable("503 Service Unavailable"));
        Assert.False(lane.Health.Current.IsRetrying);
        var failedAt = time.GetUtcNow();

        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(2), CancellationToken.None);
        await Eventually.TrueAsync(() => time.TimersCreated == 1, "the backoff is armed");

        Assert.Equal(new ExporterHealthState(failedAt, "503 Service Unavailable"), lane.Health.Current);
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => gateway.Store["store/health"].DeliveredCount == 2, "the retry delivers");
        Assert.Equal(new ExporterHealthState(null, null), lane.Health.Current);
    }

    private static ExporterLane Lane(GatewayRuntime runtime, string name) => runtime.Lanes.Single(l => l.Name == name);
}
