using Gateway.Envelope;
using Gateway.Exporters;

namespace Gateway.Testing.Exporters;

/// <summary>Keeps every envelope it is given, in arrival order, for tests to inspect as objects rather than JSON.</summary>
public sealed class CapturingExporter : IEventExporter
{
    private readonly List<EventEnvelope> _envelopes = [];

    public IReadOnlyList<EventEnvelope> Envelopes
    {
        get
        {
            lock (_envelopes) return _envelopes.ToArray();
        }
    }

    public ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        lock (_envelopes)
        {
            foreach (var envelope in batch) _envelopes.Add(envelope);
        }

        return ValueTask.FromResult(ExportResult.Success());
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> envelopes arrived, then returns them all.</summary>
    public async Task<IReadOnlyList<EventEnvelope>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(() => Envelopes.Count >= count, $"{count} envelope(s) captured", timeout).ConfigureAwait(false);
        return Envelopes;
    }
}
