using Gateway.Envelope;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Pipeline;

namespace Gateway.Tests.Pipeline;

/// <summary>A persistent queue at its disk bound pushes back on the sender instead of dropping.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PersistentBackpressureTests : IDisposable
{
    private readonly string _queueDir = Directory.CreateTempSubdirectory("gateway-persistent-full-").FullName;

    public void Dispose() => Directory.Delete(_queueDir, recursive: true);

    [Fact]
    public async Task APersistentQueueAtMaxBytesRefusesTheRequestWithARetryDelayAndKeepsWhatItStored()
    {
        await using var gateway = await PipelineHarness.StartAsync($$"""
            exporters:
              store/search:
                queue: { type: persistent, dir: {{_queueDir}}, size: 100000, max_bytes: 1MiB }
            routes:
              - name: everything
                exporters: [store/search]
            """, beforeStart: h => h.Store["store/search"].Hang());
        var stored = 0;
        IngestResult result;
        while ((result = await gateway.Runtime.IngestAsync([Large(), Large()], CancellationToken.None)).Status == IngestStatus.Accepted)
        {
            stored += 2;
            Assert.InRange(stored, 0, 40);
        }

        Assert.Equal(IngestStatus.Backpressure, result.Status);
        Assert.Equal(GatewayRuntime.BackpressureRetryAfter, result.RetryAfter);
        Assert.Contains("store/search", result.Reason, StringComparison.Ordinal);
        Assert.Contains("max_bytes", result.Reason, StringComparison.Ordinal);
        Assert.InRange(stored, 4, 40);
        var report = await gateway.Runtime.StopAsync(new CancellationToken(canceled: true));
        Assert.Equal(stored, report.KeptOnDiskCount);
    }

    private static EventEnvelope Large() => Some.Envelope(message: new string('m', 50 * 1024));
}
