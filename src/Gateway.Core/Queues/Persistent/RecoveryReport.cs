namespace Gateway.Queues.Persistent;

/// <summary>What opening the log found on disk; also logged, so an operator sees the same facts.</summary>
public sealed class RecoveryReport
{
    public int Segments { get; init; }

    /// <summary>Intact records not yet acknowledged: they are delivered before anything appended from now on.</summary>
    public long PendingRecords { get; init; }

    /// <summary>Bytes cut from torn segment tails (a write that a crash interrupted, never acknowledged under fsync: always).</summary>
    public long TruncatedBytes { get; init; }

    public IReadOnlyList<CorruptRecord> CorruptRecords { get; init; } = [];
}
