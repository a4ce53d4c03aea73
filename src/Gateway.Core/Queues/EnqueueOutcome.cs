namespace Gateway.Queues;

/// <summary>What a drop policy discarded to make the enqueue fit (incoming events for drop_newest, queued ones for drop_oldest).</summary>
public readonly record struct EnqueueOutcome(int Dropped);
