namespace Gateway.Queues;

/// <summary>Builds an exporter's queue from its <c>queue:</c> block; the one place that knows the queue types.</summary>
public static class EventQueueFactory
{
    public static IEventQueue Create(QueueOptions options, TimeProvider time) => options.Type switch
    {
        QueueType.Memory => new MemoryEventQueue(options.Size, options.Policy, time),

        // Refused with its line when the file is loaded; reaching here means the config was built by hand.
        _ => throw new NotSupportedException($"queue type '{options.Type}' is not available in this version; use memory"),
    };
}
