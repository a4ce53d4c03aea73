using Gateway.Queues.Persistent;
using Microsoft.Extensions.Logging;

namespace Gateway.Queues;

/// <summary>Builds an exporter's queue from its <c>queue:</c> block; the one place that knows the queue types.</summary>
public static class EventQueueFactory
{
    /// <exception cref="IOException">A persistent queue's directory cannot be used (permissions, or another gateway holds it).</exception>
    public static IEventQueue Create(string exporterId, QueueOptions options, TimeProvider time, ILoggerFactory loggerFactory) => options.Type switch
    {
        QueueType.Memory => new MemoryEventQueue(options.Size, options.Policy, time),
        QueueType.Persistent => PersistentEventQueue.Open(exporterId, options, time, loggerFactory.CreateLogger("Gateway.Queue")),
        _ => throw new NotSupportedException($"queue type '{options.Type}' is unknown; use memory or persistent"),
    };
}
