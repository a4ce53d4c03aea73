using Gateway.Envelope;

namespace Gateway.Queues;

/// <summary>
/// One exporter's queue, the only storage between ingest and delivery. Written so a disk-backed queue can stand in
/// for the memory one without touching exporters or workers: enqueue is append-before-ack (a disk queue completes
/// <see cref="EnqueueAsync"/> after its group fsync), workers lease a batch and then complete (ack) or abandon it.
/// </summary>
public interface IEventQueue
{
    /// <summary>Events the queue holds before its full-policy applies.</summary>
    int Capacity { get; }

    /// <summary>Queued, leased (in flight) and reserved events: everything that holds capacity.</summary>
    int Count { get; }

    /// <summary>True when unacknowledged events outlive the process (disk); false when a stop loses them (memory).</summary>
    bool SurvivesRestart { get; }

    /// <summary>
    /// Null while the queue can store events; otherwise why it cannot (a persistent queue's disk is full or refused a
    /// write). Requests routed to it are then refused whole, before any queue is touched, and readiness reports it.
    /// </summary>
    QueueWriteFailure? WriteFailure { get; }

    /// <summary>
    /// For the block policy: holds room for <paramref name="count"/> events, or holds nothing and returns false, so a
    /// request is either wholly enqueued or wholly refused (a client's retry of a half-enqueued request would duplicate).
    /// </summary>
    bool TryReserve(int count);

    /// <summary>Gives back room reserved for a request that another queue refused.</summary>
    void CancelReservation(int count);

    /// <summary>
    /// Appends <paramref name="envelopes"/> (copied or written out before this completes, so the caller may reuse the list).
    /// With <paramref name="reserved"/> the room comes from <see cref="TryReserve"/>; otherwise a full queue applies its drop policy.
    /// When it throws, nothing was appended and the reservation is still held, for the caller to cancel:
    /// <see cref="QueueFullException"/> (max_bytes) or <see cref="QueueUnwritableException"/> (the disk cannot store them).
    /// </summary>
    ValueTask<EnqueueOutcome> EnqueueAsync(List<EventEnvelope> envelopes, bool reserved, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for a batch within <paramref name="limits"/>: returns once it is full or has waited its max wait since the
    /// first event arrived. Null when adding is complete and nothing is left. Throws OperationCanceledException once
    /// <paramref name="cancellationToken"/> is cancelled, even when events are waiting.
    /// </summary>
    ValueTask<QueueLease?> LeaseAsync(BatchLimits limits, CancellationToken cancellationToken);

    /// <summary>The lease is settled (delivered or dead-lettered): its events leave the queue and free their room.</summary>
    ValueTask CompleteAsync(QueueLease lease);

    /// <summary>The lease was not settled: its events go back to the front, to be leased again.</summary>
    ValueTask AbandonAsync(QueueLease lease);

    /// <summary>No more enqueues; leasing goes on until the queue is empty, then returns null.</summary>
    void CompleteAdding();
}
