namespace Gateway.Queues.Persistent;

/// <summary>One caller's records waiting for the group commit; the task completes once they are stored.</summary>
internal sealed class AppendRequest(IReadOnlyList<ReadOnlyMemory<byte>> records, long frameBytes)
    : TaskCompletionSource<AppendOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>Posted by the fsync timer of the interval policy: not an append, a reminder to sync.</summary>
    public static readonly AppendRequest SyncTick = new([], 0);

    /// <summary>Posted while the log cannot write: a reminder to check whether it can again.</summary>
    public static readonly AppendRequest ProbeTick = new([], 0);

    public IReadOnlyList<ReadOnlyMemory<byte>> Records { get; } = records;

    /// <summary>Bytes the records take on disk, framing included.</summary>
    public long FrameBytes { get; } = frameBytes;
}
