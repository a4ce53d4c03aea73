using Gateway.Envelope;

namespace Gateway.Queues;

/// <summary>A batch taken from a queue by one worker; it holds its room until completed or abandoned.</summary>
public sealed class QueueLease
{
    public QueueLease(EventEnvelope[] envelopes, object? position)
    {
        Envelopes = envelopes;
        Position = position;
    }

    public EventEnvelope[] Envelopes { get; }

    /// <summary>The queue's own bookkeeping (sizes for memory, segment offsets for disk); opaque to workers.</summary>
    public object? Position { get; }

    public int Count => Envelopes.Length;
}
