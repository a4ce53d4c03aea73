namespace Gateway.Queues;

/// <summary>
/// A request takes more room in a persistent queue than its <c>max_bytes</c> can ever give one append, however far the
/// queue drains. Nothing was appended and the reservation is still held. Unlike <see cref="QueueFullException"/> this
/// is not backpressure: retrying cannot succeed, so the receiver refuses the request for good, naming the limit.
/// </summary>
public sealed class QueueRequestTooLargeException : Exception
{
    public QueueRequestTooLargeException(string exporter, long requestBytes, long maxBytes, long largestBytes)
        : base($"the request takes {requestBytes} bytes in the persistent queue of exporter {exporter}, more than its queue.max_bytes ({maxBytes}) can ever hold for one request ({largestBytes} bytes, beside the segment being written); raise queue.max_bytes or send smaller requests (a smaller batch in the sender)")
    {
    }

    public QueueRequestTooLargeException()
    {
    }

    public QueueRequestTooLargeException(string message)
        : base(message)
    {
    }

    public QueueRequestTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
