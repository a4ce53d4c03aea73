namespace Gateway.Queues;

/// <summary>What happens when an exporter's queue is full.</summary>
public enum QueueFullPolicy : byte
{
    /// <summary>Refuse the request (429 / RESOURCE_EXHAUSTED) so the client's own retry keeps the data.</summary>
    Block,

    /// <summary>Make room by discarding the oldest queued events (counted).</summary>
    DropOldest,

    /// <summary>Discard the incoming events (counted).</summary>
    DropNewest,
}
