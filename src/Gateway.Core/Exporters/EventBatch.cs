using Gateway.Envelope;

namespace Gateway.Exporters;

/// <summary>A batch of envelopes handed to one exporter; a view, so slicing for retries copies nothing.</summary>
public readonly struct EventBatch
{
    private readonly ReadOnlyMemory<EventEnvelope> _envelopes;

    public EventBatch(ReadOnlyMemory<EventEnvelope> envelopes) => _envelopes = envelopes;

    public EventBatch(EventEnvelope[] envelopes) => _envelopes = envelopes;

    public int Count => _envelopes.Length;

    public EventEnvelope this[int index] => _envelopes.Span[index];

    public ReadOnlySpan<EventEnvelope> Span => _envelopes.Span;

    public ReadOnlyMemory<EventEnvelope> Memory => _envelopes;

    public ReadOnlySpan<EventEnvelope>.Enumerator GetEnumerator() => _envelopes.Span.GetEnumerator();
}
