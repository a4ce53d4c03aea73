namespace Gateway.Pipeline;

public enum IngestStatus : byte
{
    /// <summary>Every envelope was handed to its exporters' queues (or deliberately dropped/sampled).</summary>
    Accepted,

    /// <summary>A queue with the block policy is full: the receiver answers 429 / RESOURCE_EXHAUSTED and nothing was enqueued.</summary>
    Backpressure,

    /// <summary>The gateway is shutting down and accepts nothing new (503 / UNAVAILABLE).</summary>
    ShuttingDown,

    /// <summary>
    /// A persistent queue the request is routed to cannot store events (its disk is full or refused a write): the
    /// receiver answers 503 with Retry-After / UNAVAILABLE with RetryInfo, and nothing of the request was acknowledged.
    /// </summary>
    StorageUnavailable,

    /// <summary>
    /// The request can never fit an exporter's queue, however far it drains (more bytes than a persistent queue's
    /// max_bytes can hold for one request): refused for good, 413 / RESOURCE_EXHAUSTED without a retry delay.
    /// </summary>
    TooLarge,
}
