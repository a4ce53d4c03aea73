namespace Gateway.Queues;

/// <summary>
/// An enqueue found its persistent queue unable to store (disk full or failing): nothing was appended and a
/// reservation is still held. The runtime refuses the request with a retry delay (503 / UNAVAILABLE).
/// </summary>
public sealed class QueueUnwritableException : IOException
{
    public QueueUnwritableException(QueueWriteFailure failure)
        : base($"the queue cannot store events: {failure.Reason}")
    {
        Failure = failure;
    }

    public QueueWriteFailure Failure { get; }
}
