namespace Gateway.Queues;

/// <summary>
/// Why a persistent queue cannot store events right now: its disk is full, or it refused a write. While a failure
/// holds, requests routed to the queue are refused whole with a retry delay (503 / UNAVAILABLE) and readiness reports
/// the queue as not writable; the queue checks by itself when it can store again.
/// </summary>
/// <param name="Since">When the first write of this run of failures failed.</param>
/// <param name="Reason">What failed, for operators (names the directory): e.g. "No space left on device : '/data/queue/…'".</param>
/// <param name="DiskFull">The disk (or the user's quota) has no room left, as opposed to any other write error.</param>
public sealed record QueueWriteFailure(DateTimeOffset Since, string Reason, bool DiskFull)
{
    /// <summary>The <c>reason</c> label of the refusal counter.</summary>
    public string Kind => DiskFull ? "disk_full" : "write_error";

    /// <summary>What a refused client is told; without paths, which are the operator's business.</summary>
    public string ClientMessage => DiskFull ? "its disk is full" : "its disk refused a write";
}
