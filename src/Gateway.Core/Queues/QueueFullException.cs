namespace Gateway.Queues;

/// <summary>
/// A reserved enqueue found no room after all (a persistent queue's <c>max_bytes</c> is only known once the events are
/// encoded); nothing was appended and the reservation is still held. The runtime answers with backpressure.
/// </summary>
public sealed class QueueFullException : Exception
{
    public QueueFullException()
    {
    }

    public QueueFullException(string message)
        : base(message)
    {
    }

    public QueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
